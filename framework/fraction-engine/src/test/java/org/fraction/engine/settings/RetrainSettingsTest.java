package org.fraction.engine.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fraction.engine.plan.TrialChecks;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.engine.workflow.WorkflowException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retraining and gradual-pruning keys: defaults, and bad values named by file, line and key.
 */
class RetrainSettingsTest {

  @TempDir Path dir;

  private WorkflowPlan load(String pruning) throws Exception {
    Plugins plugins = Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());
    Path file = dir.resolve("w.yaml");
    Files.writeString(
        file,
        """
        name: keys
        dataset: {type: synthetic}
        model: {type: tiny-mlp}
        training: {epochs: 2, batch-size: 64, optimizer: {type: momentum}}
        pruning:
          type: smallest-first
          keep: 0.5
          rounds: 2
        %s"""
            .formatted(pruning.indent(2)));
    WorkflowPlan plan = new WorkflowLoader(plugins).load(file, List.of());
    TrialChecks.check(plan);
    return plan;
  }

  @Test
  void weightRewindingAndIterativePruningAreTheDefaults() throws Exception {
    PruningKeys keys = load("").trials().get(0).settings().pruning().engine();
    assertThat(keys.retrain()).isEqualTo(Retrain.WEIGHT_REWIND);
    assertThat(keys.schedule()).isEqualTo(PruningSchedule.ITERATIVE);
    assertThat(keys.method()).isEqualTo("weight-rewind");
  }

  @Test
  void readsEachMode() throws Exception {
    assertThat(load("retrain: lr-rewind").trials().get(0).settings().pruning().engine().method())
        .isEqualTo("lr-rewind");
    PruningKeys fine =
        load("retrain: fine-tune\nfine-tune: {epochs: 3, lr: 1e-4}")
            .trials()
            .get(0)
            .settings()
            .pruning()
            .engine();
    assertThat(fine.fineTune()).isEqualTo(new FineTune(3, 1e-4));
    PruningKeys gradual =
        load("schedule: gradual\ngradual: {start: 2it, end: 1ep, every: 4it}")
            .trials()
            .get(0)
            .settings()
            .pruning()
            .engine();
    assertThat(gradual.method()).isEqualTo("gradual");
    assertThat(gradual.gradual().inSteps(8)).isEqualTo(new GradualSchedule(2, 8, 4));
  }

  @Test
  void anUnknownModeIsNamedWithItsPlace() {
    assertThatThrownBy(() -> load("retrain: rewind-lr"))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining("w.yaml:9:12: pruning.retrain:")
        .hasMessageContaining("weight-rewind, lr-rewind, fine-tune");
  }

  @Test
  void fineTuningNeedsItsEpochs() {
    assertThatThrownBy(() -> load("retrain: fine-tune"))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining(
            "w.yaml:9:12: pruning.retrain: fine-tune needs the epochs of each pruned round");
    assertThatThrownBy(() -> load("retrain: fine-tune\nfine-tune: {lr: 0.01}"))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining("w.yaml:9:12: pruning.retrain: fine-tune needs the epochs");
    assertThatThrownBy(() -> load("retrain: fine-tune\nfine-tune: {epochs: 0}"))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining("w.yaml:10:23: pruning.fine-tune.epochs:");
  }

  @Test
  void aScheduleEndingBeforeItStartsIsNamedWithItsPlace() {
    assertThatThrownBy(() -> load("schedule: gradual\ngradual: {start: 2ep, end: 1ep, every: 1ep}"))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining("w.yaml:10:")
        .hasMessageContaining("pruning.gradual.end: must come after start (2ep), got 1ep");
    // in different units only the planner can compare them: 1 epoch is 8 steps here
    assertThatThrownBy(() -> load("schedule: gradual\ngradual: {start: 9it, end: 1ep, every: 1it}"))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining(
            "w.yaml:10:12: pruning.gradual.end: ends at step 8 (1ep), not after its start at step 9"
                + " (9it)");
    assertThatThrownBy(() -> load("schedule: gradual\ngradual: {end: 3ep, every: 1ep}"))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining(
            "pruning.gradual.end: ends at step 24, but a round has only 16 steps");
  }

  @Test
  void gradualPruningNeedsItsSchedule() {
    assertThatThrownBy(() -> load("schedule: gradual"))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining("w.yaml:9:13: pruning.schedule: gradual needs gradual:");
    assertThatThrownBy(() -> load("schedule: gradual\ngradual: {end: 1ep}"))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining("pruning.gradual.every:");
    assertThatThrownBy(() -> load("schedule: gradual\ngradual: {end: 1ep, every: 0it}"))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining("pruning.gradual.every: must be at least one step");
  }
}

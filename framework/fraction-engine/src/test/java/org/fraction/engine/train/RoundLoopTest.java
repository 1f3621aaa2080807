package org.fraction.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.spi.model.ParameterRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class RoundLoopTest {

  @TempDir Path dir;

  @Test
  void prunedWeightsStayExactlyZeroThroughMomentumAndWeightDecay() throws Exception {
    Plugins plugins = Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());
    Path file = dir.resolve("w.yaml");
    Files.writeString(
        file,
        """
name: loop
seed: 3
dataset: {type: synthetic}
model: {type: tiny-mlp}
training: {epochs: 2, batch-size: 32, optimizer: {type: momentum, lr: 0.05, weight-decay: 0.01}}
pruning: {type: smallest-first, keep: 0.5, rounds: 2}
""");
    WorkflowPlan plan = new WorkflowLoader(plugins).load(file, List.of());
    RunStore store = new RunStore(dir.resolve("runs"));
    new TrialRunner.Factory(Clock.systemUTC())
        .create(plan.trials().get(0), store, new DataCache(m -> {}), new TrialObserver() {})
        .run();
    TrialDirectory trial = store.trial("loop", plan.trials().get(0).id());
    RoundData round2 = RoundFiles.read(trial.roundFile(2));
    for (ParameterRef ref : round2.masks().keySet()) {
      INDArray mask = round2.masks().get(ref);
      INDArray weights = round2.weights().get(ref);
      assertThat(weights.mul(mask.rsub(1.0)).amaxNumber().doubleValue())
          .as(ref + " pruned weights")
          .isZero();
    }
    assertThat(round2.number("density")).isEqualTo(0.25, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void controlsShareTheTicketsMasksOrItsLayerwiseDensities() throws Exception {
    Plugins plugins = Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());
    Path file = dir.resolve("c.yaml");
    Files.writeString(
        file,
        """
        name: controls
        seed: 9
        dataset: {type: synthetic}
        model: {type: tiny-mlp, hidden: 24}
        training: {epochs: 1, batch-size: 32, optimizer: {type: momentum}}
        pruning: {type: smallest-first, keep: 0.6, rounds: 2, rewind: init}
        controls: [random-reinit, random-prune]
        """);
    WorkflowPlan plan = new WorkflowLoader(plugins).load(file, List.of());
    RunStore store = new RunStore(dir.resolve("runs"));
    TrialRunner.Outcome outcome =
        new TrialRunner.Factory(Clock.systemUTC())
            .create(plan.trials().get(0), store, new DataCache(m -> {}), new TrialObserver() {})
            .run();
    assertThat(outcome.roundsByControl().keySet())
        .containsExactly("", "random-reinit", "random-prune");
    assertThat(outcome.roundsByControl().get("random-prune"))
        .extracting(r -> r.round())
        .containsExactly(1, 2);

    TrialDirectory ticket = store.trial("controls", plan.trials().get(0).id());
    RoundData ticket0 = RoundFiles.read(ticket.roundFile(0));
    for (int k = 1; k <= 2; k++) {
      RoundData t = RoundFiles.read(ticket.roundFile(k));
      RoundData reinit = RoundFiles.read(ticket.control("random-reinit").roundFile(k));
      RoundData prune = RoundFiles.read(ticket.control("random-prune").roundFile(k));
      assertThat(reinit.text("control")).isEqualTo("random-reinit");
      for (ParameterRef ref : t.masks().keySet()) {
        assertThat(reinit.masks().get(ref))
            .as("random-reinit keeps the ticket's mask")
            .isEqualTo(t.masks().get(ref));
        assertThat(reinit.weights().get(ref))
            .as("random-reinit trains from other initial weights")
            .isNotEqualTo(t.weights().get(ref));
        assertThat(prune.masks().get(ref).sumNumber().longValue())
            .as("random-prune keeps each layer's density")
            .isEqualTo(t.masks().get(ref).sumNumber().longValue());
        assertThat(prune.masks().get(ref)).isNotEqualTo(t.masks().get(ref));
      }
      assertThat(prune.number("density")).isEqualTo(t.number("density"));
    }
    // the ticket's rewind point is its initial weights; random-reinit starts elsewhere
    ParameterRef hidden = new ParameterRef("hidden", "W");
    assertThat(ticket0.rewind().get(hidden)).isNotNull();
    assertThat(ticket0.rewind().get(hidden)).isNotEqualTo(ticket0.weights().get(hidden));
  }
}

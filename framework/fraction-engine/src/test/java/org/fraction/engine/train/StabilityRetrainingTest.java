package org.fraction.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.settings.Rewind;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.StabilityResult;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.engine.workflow.WorkflowException;
import org.fraction.spi.store.RoundFileSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instability analysis' copies train as the round trained, in every retraining mode: a copy
 * with the trial's own seed repeats the round exactly (its test accuracy and loss are the round
 * file's); analyses the training does not define are refused. A transferred trial's rewind point is
 * its own round 0, trained under the transferred mask.
 */
class StabilityRetrainingTest {

  private static final DataCache DATA = new DataCache(m -> {});
  private static final String BASE =
      """
      name: %s
      seed: 4
      dataset: {type: synthetic, noise: 300}
      model: {type: tiny-mlp, hidden: 24}
      training: {epochs: 2, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
      """;

  @TempDir Path dir;
  private final Plugins plugins =
      Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());

  private Trial load(String name, String extra) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, BASE.formatted(name) + extra);
    return new WorkflowLoader(plugins).load(file, List.of()).trials().get(0);
  }

  private TrialDirectory run(Trial trial) throws Exception {
    RunStore store = new RunStore(dir.resolve("runs"));
    new TrialRunner.Factory(Clock.systemUTC())
        .create(trial, store, DATA, new TrialObserver() {})
        .run();
    return store.trial(trial.settings().name(), trial.id());
  }

  private static StabilityResult analyse(
      Trial trial, TrialDirectory trialDir, int round, Rewind rewind, long... seeds)
      throws Exception {
    return new StabilityAnalysis(trial, trialDir, DATA)
        .run(
            new StabilityAnalysis.Request(round, rewind, 2, false, seeds),
            new StabilityAnalysis.Progress() {
              @Override
              public void copyTrained(int copy, double testAccuracy) {}

              @Override
              public void pointEvaluated(int i, double a, double acc, BuiltNetwork network) {}
            });
  }

  @Test
  void aCopyWithTheTrialsSeedRepeatsThePrunedRoundInEveryRetrainingMode() throws Exception {
    String pruning = "pruning: {type: smallest-first, keep: 0.5, rounds: 1, rewind: 3it%s}\n";
    for (String mode :
        List.of(
            "", ", retrain: lr-rewind", ", retrain: fine-tune, fine-tune: {epochs: 1, lr: 0.01}")) {
      Trial trial = load("mode" + mode.length(), pruning.formatted(mode));
      TrialDirectory trialDir = run(trial);
      RoundData round = RoundFiles.read(trialDir.roundFile(1));

      StabilityResult r = analyse(trial, trialDir, 1, null, 4, 4);

      assertThat(r.testAccuracy())
          .as(mode)
          .containsExactly(
              round.number(RoundFileSchema.TEST_ACCURACY),
              round.number(RoundFileSchema.TEST_ACCURACY));
      assertThat(r.testLoss()[0]).as(mode).isEqualTo(round.number(RoundFileSchema.TEST_LOSS));
      assertThat(r.epochs()).as(mode).isEqualTo(mode.contains("fine-tune") ? 1 : 2);
      assertThat(r.epochs()).isEqualTo(round.epochs().size());
      if (!mode.isEmpty()) {
        assertThatThrownBy(() -> analyse(trial, trialDir, 1, Rewind.INIT, 1, 2))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("retrains with pruning.retrain: " + mode.split("[ ,]+")[2])
            .hasMessageContaining("round 0's trained weights");
        // round 0 is the dense round in every mode: any rewind point is defined
        assertThat(analyse(trial, trialDir, 0, Rewind.INIT, 1, 2).rewind()).isEqualTo("init");
      }
    }
  }

  @Test
  void gradualPruningsPrunedRoundsAreRefused() throws Exception {
    Trial trial =
        load(
            "gradual",
            "pruning: {type: smallest-first, keep: 0.5, rounds: 1, schedule: gradual,"
                + " gradual: {end: 1ep, every: 2it}}\n");
    TrialDirectory trialDir = run(trial);
    assertThatThrownBy(() -> analyse(trial, trialDir, 1, null, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("round 1 of trial " + trial.id() + " pruned gradually");
    assertThat(analyse(trial, trialDir, 0, null, 1, 2).round()).isZero();
  }

  @Test
  void aStabilityBlockTheTrainingDoesNotDefineIsABadWorkflow() throws Exception {
    assertThat(
            problems(
                "pruning: {type: smallest-first, keep: 0.5, rounds: 1, retrain: lr-rewind}\n"
                    + "stability: {rounds: [0, 1], rewind: 2it}\n"))
        .singleElement()
        .asString()
        .contains(":7:12: stability: rewind 2it: with pruning.retrain: lr-rewind, a pruned round");
    assertThat(
            problems(
                "pruning: {type: smallest-first, keep: 0.5, rounds: 1, schedule: gradual,"
                    + " gradual: {end: 1ep, every: 2it}}\nstability: {rounds: [1]}\n"))
        .singleElement()
        .asString()
        .contains(":7:12: stability: rounds [1]: gradual pruning changes the mask");
    // defined: round 0 only, or the trial's own rewind point
    load(
        "ok1",
        "pruning: {type: smallest-first, keep: 0.5, rounds: 1, retrain: fine-tune,"
            + " fine-tune: {epochs: 1}}\nstability: {rounds: [0, 1]}\n");
    load(
        "ok2",
        "pruning: {type: smallest-first, keep: 0.5, rounds: 1, schedule: gradual,"
            + " gradual: {end: 1ep, every: 2it}}\nstability: {rounds: [0], rewind: 2it}\n");
  }

  private List<String> problems(String extra) throws Exception {
    try {
      load("bad", extra);
    } catch (WorkflowException e) {
      return e.problems().stream().map(Object::toString).toList();
    }
    throw new AssertionError("no problems reported");
  }

  @Test
  void aTransferredTrialsRewindPointIsItsOwnRoundZeroUnderTheTransferredMask() throws Exception {
    Trial source = load("source", "pruning: {type: smallest-first, keep: 0.5, rounds: 1}\n");
    TrialDirectory sourceDir = run(source);
    String transfer =
        "pruning: {type: smallest-first, keep: 0.5, rounds: 1, rewind: %s}\n"
            + "transfer: {from: '"
            + sourceDir.path().toAbsolutePath()
            + "', round: 1, weights: rewind}\n";
    Trial fromInit = load("from-init", transfer.formatted("init"));
    Trial storedAt3 = load("stored-at-3", transfer.formatted("3it"));
    TrialDirectory initDir = run(fromInit);
    TrialDirectory storedDir = run(storedAt3);

    // the trial rewinding to 3it stored its weights after 3 steps of its round 0; the other
    // trial reaches 3it by replaying its own round 0 (transferred weights, transferred mask)
    StabilityResult replayed = analyse(fromInit, initDir, 1, Rewind.parse("3it"), 1, 2);
    StabilityResult stored = analyse(storedAt3, storedDir, 1, null, 1, 2);
    assertThat(stored.trialRewind()).isTrue();
    assertThat(replayed.trialRewind()).isFalse();
    assertThat(replayed.testAccuracy()).containsExactly(stored.testAccuracy());
    assertThat(replayed.testLoss()).containsExactly(stored.testLoss());
  }
}

package org.fraction.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.TrialInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Each retraining mode starts a pruned round from the weights and at the learning rate it promises.
 */
class RetrainingTest {

  private static final ParameterRef HIDDEN = new ParameterRef("hidden", "W");
  private static final double LR = 0.08;

  @TempDir Path dir;

  /**
   * What the first step of each round finds: the hidden layer's weights and the rate its updater
   * applies.
   */
  private record Start(INDArray weights, double learningRate) {}

  private final Map<Integer, Start> starts = new HashMap<>();

  private Trial trial(String pruning) throws Exception {
    Plugins plugins = Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());
    Path file = dir.resolve("w.yaml");
    Files.writeString(
        file,
        """
name: retrain
seed: 5
dataset: {type: synthetic}
model: {type: tiny-mlp}
training: {epochs: 2, batch-size: 64, optimizer: {type: momentum, lr: %s}, schedule: {type: halving}}
pruning: {type: smallest-first, keep: 0.5, rounds: 2, %s}
"""
            .formatted(LR, pruning));
    return new WorkflowLoader(plugins).load(file, List.of()).trials().get(0);
  }

  private TrialDirectory run(Trial trial, Path runs) throws Exception {
    RunStore store = new RunStore(runs);
    new TrialRunner(
            trial,
            store,
            new DataCache(m -> {}),
            new TrialObserver() {},
            (round, net) ->
                starts.put(
                    round,
                    new Start(
                        net.param(HIDDEN).dup(),
                        net.graph()
                            .getLayer("hidden")
                            .conf()
                            .getLayer()
                            .getUpdaterByParam("W")
                            .getLearningRate(
                                net.graph().getIterationCount(), net.graph().getEpochCount()))))
        .run();
    return store.trial(trial.name(), trial.id());
  }

  private static INDArray masked(Map<ParameterRef, INDArray> weights, RoundData masksFrom) {
    return weights
        .get(HIDDEN)
        .reshape(masksFrom.masks().get(HIDDEN).shape())
        .mul(masksFrom.masks().get(HIDDEN));
  }

  /**
   * Checks that round k started from round k-1's trained weights under its own mask; returns round
   * k.
   */
  private RoundData startsFromTheTrainedWeights(TrialDirectory t, int k) throws Exception {
    RoundData previous = RoundFiles.read(t.roundFile(k - 1));
    RoundData round = RoundFiles.read(t.roundFile(k));
    assertThat(starts.get(k).weights())
        .as("round " + k)
        .isEqualTo(masked(previous.weights(), round));
    return round;
  }

  @Test
  void weightRewindingStartsFromTheRewindPointAtTheScheduleStart() throws Exception {
    TrialDirectory t = run(trial("retrain: weight-rewind"), dir.resolve("runs"));
    RoundData round0 = RoundFiles.read(t.roundFile(0));
    for (int k = 1; k <= 2; k++) {
      RoundData round = RoundFiles.read(t.roundFile(k));
      assertThat(starts.get(k).weights())
          .as("round " + k)
          .isEqualTo(masked(round0.rewind(), round));
      assertThat(starts.get(k).learningRate()).isEqualTo(LR);
      assertThat(round.epochs()).extracting(EpochMetrics::learningRate).containsExactly(LR, LR / 2);
      assertThat(round.text("method")).isEqualTo("weight-rewind");
    }
  }

  @Test
  void learningRateRewindingKeepsTheTrainedWeightsAndRestartsTheSchedule() throws Exception {
    TrialDirectory t = run(trial("retrain: lr-rewind"), dir.resolve("runs"));
    for (int k = 1; k <= 2; k++) {
      RoundData round = startsFromTheTrainedWeights(t, k);
      assertThat(starts.get(k).weights())
          .isNotEqualTo(masked(RoundFiles.read(t.roundFile(0)).rewind(), round));
      assertThat(starts.get(k).learningRate()).isEqualTo(LR);
      assertThat(round.number("iterations"))
          .isEqualTo(RoundFiles.read(t.roundFile(0)).number("iterations"));
      assertThat(round.epochs()).extracting(EpochMetrics::learningRate).containsExactly(LR, LR / 2);
      assertThat(round.text("method")).isEqualTo("lr-rewind");
    }
  }

  @Test
  void fineTuningKeepsTheTrainedWeightsAtTheScheduleFinalRateForItsOwnEpochs() throws Exception {
    TrialDirectory t =
        run(trial("retrain: fine-tune, fine-tune: {epochs: 3}"), dir.resolve("runs"));
    for (int k = 1; k <= 2; k++) {
      RoundData round = startsFromTheTrainedWeights(t, k);
      // the halving schedule's rate in the dense round's last epoch
      assertThat(starts.get(k).learningRate()).isEqualTo(LR / 2);
      assertThat(round.epochs())
          .extracting(EpochMetrics::learningRate)
          .containsExactly(LR / 2, LR / 2, LR / 2);
      assertThat(round.number("epochs")).isEqualTo(3.0);
      assertThat(round.text("method")).isEqualTo("fine-tune");
    }
    assertThat(RoundFiles.read(t.roundFile(0)).number("epochs")).isEqualTo(2.0);
  }

  @Test
  void fineTuningTakesAGivenRate() throws Exception {
    run(trial("retrain: fine-tune, fine-tune: {epochs: 1, lr: 0.003}"), dir.resolve("runs"));
    assertThat(starts.get(1).learningRate()).isEqualTo(0.003);
    assertThat(starts.get(0).learningRate()).isEqualTo(LR);
  }

  @Test
  void everyModeResumesAfterACrashWithTheNumbersOfAnUninterruptedRun() throws Exception {
    for (String mode :
        List.of(
            "retrain: weight-rewind",
            "retrain: lr-rewind",
            "retrain: fine-tune, fine-tune: {epochs: 2}",
            "schedule: gradual, gradual: {start: 4it, end: 2ep, every: 4it}")) {
      Trial trial = trial(mode);
      TrialDirectory whole = run(trial, dir.resolve("whole-" + mode.hashCode()));
      Path runs = dir.resolve("crashed-" + mode.hashCode());
      TrialObserver crash =
          new TrialObserver() {
            @Override
            public void epochStarted(TrialInfo info, int round, int epoch) {
              if (round == 2 && epoch == 2) {
                throw new IllegalStateException("crash");
              }
            }
          };
      assertThatThrownBy(
              () ->
                  new TrialRunner.Factory(Clock.systemUTC())
                      .create(trial, new RunStore(runs), new DataCache(m -> {}), crash)
                      .run())
          .hasMessage("crash");
      TrialDirectory resumed = run(trial, runs);
      assertThat(Files.isRegularFile(resumed.checkpointFile(2))).isFalse();
      for (int k = 0; k <= 2; k++) {
        RoundData a = RoundFiles.read(whole.roundFile(k));
        RoundData b = RoundFiles.read(resumed.roundFile(k));
        assertThat(b.weights()).as(mode + ", round " + k).isEqualTo(a.weights());
        assertThat(b.masks()).as(mode + ", round " + k).isEqualTo(a.masks());
        assertThat(b.number("test_accuracy")).isEqualTo(a.number("test_accuracy"));
      }
    }
  }
}

package org.fraction.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.settings.GradualSchedule;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.tracking.EpochMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradual magnitude pruning follows the cubic schedule of Zhu & Gupta (2017) in exact weight
 * counts.
 */
class GradualPruningTest {

  @TempDir Path dir;

  /** d_t = d_f + (1 - d_f)(1 - (t - t0)/(n Δt))^3, written out independently of the engine. */
  private static double cubic(long t, long t0, long span, double finalDensity) {
    double x = Math.min(1.0, Math.max(0.0, (double) (t - t0) / span));
    return finalDensity + (1 - finalDensity) * Math.pow(1 - x, 3);
  }

  @Test
  void theScheduleNamesItsPruningStepsAndDensities() {
    GradualSchedule s = new GradualSchedule(10, 40, 10);
    assertThat(java.util.stream.LongStream.rangeClosed(0, 60).filter(s::prunesAt).toArray())
        .containsExactly(10, 20, 30, 40);
    for (long t = 0; t <= 60; t++) {
      assertThat(s.density(t, 0.1))
          .as("step " + t)
          .isCloseTo(cubic(t, 10, 30, 0.1), org.assertj.core.data.Offset.offset(1e-12));
    }
    // an end that is no multiple of the frequency is a pruning step all the same
    assertThat(
            java.util.stream.LongStream.rangeClosed(0, 30)
                .filter(new GradualSchedule(0, 25, 10)::prunesAt)
                .toArray())
        .containsExactly(0, 10, 20, 25);
  }

  @Test
  void eachRoundPrunesFromDenseToItsPlannedDensityOnTheCubicSchedule() throws Exception {
    Plugins plugins = Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());
    Path file = dir.resolve("g.yaml");
    // 512 images in batches of 64: 8 steps per epoch; prunings after epochs 1, 2 and 3
    Files.writeString(
        file,
        """
name: gradual
seed: 11
dataset: {type: synthetic}
model: {type: tiny-mlp}
training: {epochs: 4, batch-size: 64, optimizer: {type: momentum, lr: 0.05}}
pruning: {type: smallest-first, keep: 0.3, rounds: 2, schedule: gradual, gradual: {end: 3ep, every: 1ep}}
""");
    Trial trial = new WorkflowLoader(plugins).load(file, List.of()).trials().get(0);
    RunStore store = new RunStore(dir.resolve("runs"));
    new TrialRunner.Factory(Clock.systemUTC())
        .create(trial, store, new DataCache(m -> {}), new TrialObserver() {})
        .run();
    TrialDirectory t = store.trial("gradual", trial.id());
    RoundData round0 = RoundFiles.read(t.roundFile(0));
    long size = 64 * 16 + 16 * 4;
    assertThat(round0.epochs()).extracting(EpochMetrics::density).containsOnly(1.0);
    for (int k = 1; k <= 2; k++) {
      RoundData round = RoundFiles.read(t.roundFile(k));
      double finalDensity = Math.pow(0.3, k);
      List<EpochMetrics> epochs = round.epochs();
      assertThat(epochs).hasSize(4);
      for (EpochMetrics m : epochs) {
        long expected = Math.round(size * cubic(8L * m.epoch(), 0, 24, finalDensity));
        assertThat(m.density() * size)
            .as("round " + k + ", epoch " + m.epoch())
            .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
      }
      assertThat((long) round.number("prunable_remaining"))
          .isEqualTo(Math.round(size * finalDensity));
      assertThat(round.text("method")).isEqualTo("gradual");
      for (ParameterRef ref : round.masks().keySet()) {
        INDArray pruned = round.weights().get(ref).mul(round.masks().get(ref).rsub(1.0));
        assertThat(pruned.amaxNumber().doubleValue())
            .as(ref + " pruned weights stay zero")
            .isZero();
      }
    }
  }
}

package org.fraction.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.settings.Rewind;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.StabilityFiles;
import org.fraction.engine.store.StabilityResult;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.spi.model.ParameterRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class StabilityAnalysisTest {

  @TempDir static Path dir;
  static Trial trial;
  static TrialDirectory trialDir;
  static final DataCache DATA = new DataCache(m -> {});

  @BeforeAll
  static void runATrial() throws Exception {
    Plugins plugins =
        Plugins.of(List.of(new TestPlugin()), StabilityAnalysisTest.class.getClassLoader());
    Path file = dir.resolve("s.yaml");
    Files.writeString(
        file,
        """
        name: stability
        seed: 4
        dataset: {type: synthetic, noise: 300}
        model: {type: tiny-mlp, hidden: 24}
        training: {epochs: 2, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
        pruning: {type: smallest-first, keep: 0.5, rounds: 1, rewind: 3it}
        """);
    trial = new WorkflowLoader(plugins).load(file, List.of()).trials().get(0);
    RunStore store = new RunStore(dir.resolve("runs"));
    new TrialRunner.Factory(Clock.systemUTC())
        .create(trial, store, DATA, new TrialObserver() {})
        .run();
    trialDir = store.trial("stability", trial.id());
  }

  /** What the progress callback saw. */
  static final class Seen implements StabilityAnalysis.Progress {
    final double[] copies = new double[2];
    final List<Double> path = new ArrayList<>();
    final List<Double> prunedMaximum = new ArrayList<>();
    final RoundData round;

    Seen(RoundData round) {
      this.round = round;
    }

    @Override
    public void copyTrained(int copy, double testAccuracy) {
      copies[copy] = testAccuracy;
    }

    @Override
    public void pointEvaluated(int index, double alpha, double testAccuracy, BuiltNetwork network) {
      path.add(testAccuracy);
      double max = 0;
      for (ParameterRef ref : network.prunable()) {
        INDArray pruned = round.masks().get(ref).reshape(network.param(ref).shape()).rsub(1.0);
        max = Math.max(max, network.param(ref).mul(pruned).amaxNumber().doubleValue());
      }
      prunedMaximum.add(max);
    }
  }

  @Test
  void thePathStartsAndEndsAtTheCopiesAndKeepsTheMask() throws Exception {
    Seen seen = new Seen(RoundFiles.read(trialDir.roundFile(1)));
    long[] seeds = StabilityAnalysis.Request.copySeeds(4);
    StabilityResult r =
        new StabilityAnalysis(trial, trialDir, DATA)
            .run(new StabilityAnalysis.Request(1, null, 5, false, seeds), seen);

    assertThat(r.alpha()).containsExactly(0, 0.25, 0.5, 0.75, 1);
    assertThat(r.testAccuracy()[0]).isEqualTo(seen.copies[0]);
    assertThat(r.testAccuracy()[4]).isEqualTo(seen.copies[1]);
    assertThat(seen.copies[0])
        .as("different data orders give different copies")
        .isNotEqualTo(seen.copies[1]);
    assertThat(seen.prunedMaximum).hasSize(5).allMatch(m -> m == 0.0);
    assertThat(r.rewind()).isEqualTo("3it");
    assertThat(r.trialRewind()).isTrue();
    // barrier by hand: highest error on the path less the mean of the end points' errors
    double maxError = 0;
    for (double a : r.testAccuracy()) {
      maxError = Math.max(maxError, 1 - a);
    }
    assertThat(r.errorBarrier())
        .isEqualTo(maxError - ((1 - r.testAccuracy()[0]) + (1 - r.testAccuracy()[4])) / 2);
    assertThat(r.errorBarrier()).isGreaterThanOrEqualTo(0);

    Path file = StabilityFiles.file(trialDir, 1, r.rewind(), false);
    StabilityFiles.write(file, r);
    StabilityResult back = StabilityFiles.read(file);
    assertThat(back.testAccuracy()).containsExactly(r.testAccuracy());
    assertThat(back.testLoss()).containsExactly(r.testLoss());
    assertThat(back.seeds()).containsExactly(seeds);
    assertThat(StabilityFiles.barrierOf(StabilityFiles.readAll(trialDir), 1))
        .isEqualTo(r.errorBarrier());
    assertThat(trialDir.rounds()).as("a stability file is no round file").containsExactly(0, 1);
  }

  @Test
  void twoCopiesWithTheSameSeedHaveNoBarrier() throws Exception {
    Seen seen = new Seen(RoundFiles.read(trialDir.roundFile(1)));
    StabilityResult r =
        new StabilityAnalysis(trial, trialDir, DATA)
            .run(
                new StabilityAnalysis.Request(1, Rewind.INIT, 4, false, new long[] {17, 17}), seen);

    assertThat(seen.copies[0]).isEqualTo(seen.copies[1]);
    assertThat(r.testAccuracy()).containsOnly(r.testAccuracy()[0]);
    assertThat(r.errorBarrier()).isZero();
    assertThat(r.lossBarrier()).isZero();
    assertThat(r.trialRewind()).isFalse();
  }

  @Test
  void anUnfinishedRoundIsRefused() {
    assertThatThrownBy(
            () ->
                new StabilityAnalysis(trial, trialDir, DATA)
                    .run(
                        new StabilityAnalysis.Request(2, null, 11, false, new long[] {1, 2}),
                        new Seen(null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("round 2")
        .hasMessageContaining("not finished");
  }
}

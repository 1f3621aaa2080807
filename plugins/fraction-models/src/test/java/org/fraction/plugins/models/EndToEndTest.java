package org.fraction.plugins.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.RealData;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.engine.train.PlannedRounds;
import org.fraction.engine.train.TrialObserver;
import org.fraction.engine.train.TrialRunner;
import org.fraction.plugins.datasets.DatasetsPlugin;
import org.fraction.plugins.optimizers.OptimizersPlugin;
import org.fraction.plugins.pruning.PruningPlugin;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.model.QuaternionGroup;
import org.fraction.spi.tracking.RoundSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Quaternion models through the engine: the round loop, quaternion pruning and real MNIST. */
class EndToEndTest {

  @TempDir Path dir;

  @BeforeEach
  void dataDirectories() {
    System.setProperty("fraction.data", dir.resolve("data").toString());
    RealData.mirror().ifPresent(m -> System.setProperty("fraction.data.mirror", m.toString()));
  }

  @AfterEach
  void clear() {
    System.clearProperty("fraction.data");
    System.clearProperty("fraction.data.mirror");
  }

  private Plugins plugins() {
    return Plugins.of(
        List.of(
            new TestPlugin(),
            new ModelsPlugin(),
            new DatasetsPlugin(),
            new OptimizersPlugin(),
            new PruningPlugin()),
        getClass().getClassLoader());
  }

  private TrialRunner.Outcome run(Trial trial) throws Exception {
    return new TrialRunner.Factory(Clock.systemUTC())
        .create(
            trial,
            new RunStore(dir.resolve("runs")),
            new DataCache(m -> {}),
            new TrialObserver() {})
        .run();
  }

  @Test
  void quaternionPruningRemovesWholeQuaternionsAndFollowsThePlan() throws Exception {
    Path file = dir.resolve("w.yaml");
    Files.writeString(
        file,
        """
name: qprune
seed: 5
dataset: {type: synthetic, height: 8, width: 8, channels: 3, classes: 4, train: 256, test: 64}
model: {type: conv-2, algebra: quaternion}
training: {epochs: 1, batch-size: 32, optimizer: {type: adam, lr: 1.0e-3}}
pruning: {type: quaternion-magnitude, keep: 0.6, rounds: 3}
""");
    WorkflowPlan plan = new WorkflowLoader(plugins()).load(file, List.of());
    Trial trial = plan.trials().get(0);
    PlannedRounds planned = PlannedRounds.of(trial);
    run(trial);
    TrialDirectory trialDir = new RunStore(dir.resolve("runs")).trial("qprune", trial.id());
    for (int k = 0; k <= 3; k++) {
      RoundData round = RoundFiles.read(trialDir.roundFile(k));
      PlannedRounds.Round expected = planned.rounds().get(k);
      assertThat((long) round.number("prunable_remaining"))
          .as("round " + k)
          .isEqualTo(expected.prunableRemaining());
      assertThat(round.number("density"))
          .isEqualTo(expected.density(), org.assertj.core.data.Offset.offset(1e-12));
      assertThat(round.number("density_vs_real"))
          .isEqualTo(expected.densityVsReal(), org.assertj.core.data.Offset.offset(1e-12));
      // the real conv-2 on the same 8x8x3 data: 3*64*9 + 64*64*9 + 1024*256 + 256*256 + 256*4
      // weights
      assertThat((long) round.number("real_prunable"))
          .isEqualTo(3 * 64 * 9 + 64 * 64 * 9 + 1024 * 256 + 256 * 256 + 256 * 4);
      for (String layer : List.of("conv1", "conv2", "fc1", "fc2")) {
        QuaternionGroup g =
            new QuaternionGroup(
                new ParameterRef(layer, "r"),
                new ParameterRef(layer, "i"),
                new ParameterRef(layer, "j"),
                new ParameterRef(layer, "k"));
        INDArray mask = round.masks().get(g.r());
        for (ParameterRef c : g.components()) {
          assertThat(round.masks().get(c)).as(c + " in round " + k).isEqualTo(mask);
          assertThat(round.weights().get(c).mul(mask.rsub(1.0)).amaxNumber().doubleValue())
              .isZero();
        }
      }
    }
    assertThat(planned.rounds().get(3).density()).isBetween(0.2, 0.23);
  }

  @Test
  void quaternionLeNetLearnsMnistInTwoEpochs() throws Exception {
    RealData.requireMirror();
    Path file = dir.resolve("mnist.yaml");
    Files.writeString(
        file,
        """
        name: qlenet
        seed: 21
        dataset: {type: mnist}
        model: {type: lenet-300-100, algebra: quaternion}
        training:
          epochs: 2
          batch-size: 60
          optimizer: {type: adam, lr: 1.2e-3}
        """);
    WorkflowPlan plan = new WorkflowLoader(plugins()).load(file, List.of());
    TrialRunner.Outcome outcome = run(plan.trials().get(0));
    Map<String, List<RoundSummary>> rounds = outcome.roundsByControl();
    RoundSummary dense = rounds.values().iterator().next().get(0);
    System.out.printf(
        "quaternion lenet-300-100 on MNIST: test accuracy %.4f after epoch 1, %.4f after epoch 2"
            + " (%.0f images/s)%n",
        dense.epochs().get(0).testAccuracy(),
        dense.testAccuracy(),
        dense.epochs().get(1).imagesPerSecond());
    assertThat(dense.epochs()).hasSize(2);
    assertThat(dense.testAccuracy()).isGreaterThanOrEqualTo(0.96);
  }
}

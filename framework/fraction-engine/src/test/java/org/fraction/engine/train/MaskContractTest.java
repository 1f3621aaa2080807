package org.fraction.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A strategy that breaks a promise of {@link PruningStrategy#prune} fails the trial before its
 * masks are used, with a message naming the strategy, the round, the tensor and the count.
 *
 * <p>The strategies keep the first weights in the network's order (hidden/W is 64 x 128, out/W is
 * 128 x 4: 8,704 weights), so every count and index below follows from the schedule alone: round 1
 * keeps round(8,704 * 0.3) = 2,611, round 2 keeps round(8,704 * 0.09) = 783.
 */
class MaskContractTest {

  enum Fault {
    NONE,
    HALVES,
    REVIVES,
    KEEPS_5000_MORE,
    WRONG_SHAPE,
    FORGETS_A_TENSOR
  }

  /** Keeps the first {@code target} weights, then breaks one promise. */
  static final class FirstWeights implements PruningStrategy {
    record Settings() {}

    private final Fault fault;

    FirstWeights(Fault fault) {
      this.fault = fault;
    }

    @Override
    public Map<ParameterRef, INDArray> prune(PruningContext context) {
      long left = context.target() + (fault == Fault.KEEPS_5000_MORE ? 5000 : 0);
      boolean revive = fault == Fault.REVIVES && context.round() == 2;
      if (revive) {
        left--;
      }
      Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
      for (PrunableTensor t : context.tensors()) {
        float[] mask = new float[(int) t.size()];
        for (int i = 0; i < mask.length && left > 0; i++, left--) {
          mask[i] = fault == Fault.HALVES ? 0.5f : 1f;
        }
        if (revive && t.ref().layer().equals("hidden")) {
          mask[2611] = 1f;
        }
        long[] shape =
            fault == Fault.WRONG_SHAPE
                ? new long[] {t.mask().shape()[1], t.mask().shape()[0]}
                : t.mask().shape();
        out.put(t.ref(), Nd4j.create(mask, shape, 'c'));
      }
      if (fault == Fault.FORGETS_A_TENSOR) {
        out.remove(new ParameterRef("out", "W"));
      }
      return out;
    }
  }

  static final class FaultyPlugin extends PluginModule {
    @Override
    public String pluginName() {
      return "faulty";
    }

    @Override
    protected void registerTypes() {
      for (Fault f : Fault.values()) {
        register(
            Kinds.PRUNING,
            f.name().toLowerCase().replace('_', '-'),
            FirstWeights.Settings.class,
            s -> new FirstWeights(f),
            "keeps the first weights; " + f);
      }
    }
  }

  @TempDir Path dir;

  /** Runs a one-epoch trial pruned by the strategy; returns its directory. */
  TrialDirectory run(String type, int rounds) throws Exception {
    Plugins plugins =
        Plugins.of(List.of(new TestPlugin(), new FaultyPlugin()), getClass().getClassLoader());
    Path file =
        Files.writeString(
            dir.resolve(type + ".yaml"),
            """
            name: %s
            seed: 3
            dataset: {type: synthetic, train: 64, test: 32}
            model: {type: tiny-mlp, hidden: 128}
            training: {epochs: 1, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
            pruning: {type: %s, keep: 0.3, rounds: %d}
            """
                .formatted(type, type, rounds));
    Trial trial = new WorkflowLoader(plugins).load(file, List.of()).trials().get(0);
    RunStore store = new RunStore(dir.resolve("runs"));
    TrialDirectory trialDir = store.trial(type, trial.id());
    try {
      new TrialRunner.Factory(Clock.systemUTC())
          .create(trial, store, new DataCache(m -> {}), new TrialObserver() {})
          .run();
    } finally {
      assertThat(trialDir.hasRound(0)).isTrue();
    }
    return trialDir;
  }

  void failsWith(String type, int rounds, String message) throws Exception {
    assertThatThrownBy(() -> run(type, rounds))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(message);
    try (var files = Files.walk(dir.resolve("runs"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("the broken round is not recorded")
          .contains("round-" + (rounds - 1) + ".h5")
          .doesNotContain("round-" + rounds + ".h5");
    }
  }

  @Test
  void masksKeepingTheContractAreUsed() throws Exception {
    TrialDirectory trial = run("none", 2);
    assertThat(RoundFiles.read(trial.roundFile(2)).number("density"))
        .isEqualTo(783.0 / 8704, within(1e-9));
  }

  @Test
  void aMaskValueOtherThanZeroOrOneFailsTheTrial() throws Exception {
    failsWith(
        "halves",
        1,
        "pruning 'halves' (plugin faulty), round 1: hidden/W has 2,611 mask values other than 0 and"
            + " 1, the first 0.5 at index 0");
  }

  @Test
  void revivingAPrunedWeightFailsTheTrial() throws Exception {
    failsWith(
        "revives",
        2,
        "pruning 'revives' (plugin faulty), round 2: hidden/W revives 1 pruned weight, the first at"
            + " index 2611");
  }

  @Test
  void keepingMoreThanTheRoundPlansFailsTheTrial() throws Exception {
    failsWith(
        "keeps-5000-more",
        1,
        "pruning 'keeps-5000-more' (plugin faulty), round 1: keeps 7,611 weights "
            + "(hidden/W 7,611, out/W 0) where the round plans 2,611: 5,000 too many");
  }

  @Test
  void aMaskOfTheWrongShapeFailsTheTrial() throws Exception {
    failsWith(
        "wrong-shape",
        1,
        "pruning 'wrong-shape' (plugin faulty), round 1: hidden/W mask has shape [128, 64],"
            + " expected [64, 128]");
  }

  @Test
  void aMissingMaskFailsTheTrial() throws Exception {
    failsWith(
        "forgets-a-tensor",
        1,
        "pruning 'forgets-a-tensor' (plugin faulty), round 1: returned no mask for out/W");
  }

  @Test
  void theTargetIsNeverMoreThanWhatRemains() {
    float[] mask = new float[100];
    java.util.Arrays.fill(mask, 0, 10, 1f);
    PrunableTensor t =
        new PrunableTensor(
            new ParameterRef("fc", "W"),
            Nd4j.rand(10, 10),
            Nd4j.create(mask, new long[] {10, 10}, 'c'));
    PruningContext context =
        new PruningContext(List.of(t), List.of(), 0.8, 1, new SplittableRandom(1));
    assertThat(context.target(100)).isEqualTo(80);
    assertThat(context.target()).isEqualTo(10);
    assertThat(context.target(t)).isEqualTo(10);
  }
}

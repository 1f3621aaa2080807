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
import org.fraction.engine.testing.TestPlugin;
import org.fraction.spi.model.ParameterRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training with augmentation and computed normalisation gives the same weights for the same seed.
 */
class AugmentedTrainingTest {

  @TempDir Path dir;

  private RoundData train(String name, long seed) throws Exception {
    Plugins plugins = Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
name: %s
seed: %d
dataset: {type: synthetic, channels: 3, shards: 3, normalize: computed, augment: {crop-padding: 2, flip: true}}
model: {type: tiny-mlp}
training: {epochs: 2, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
"""
            .formatted(name, seed));
    WorkflowPlan plan = new WorkflowLoader(plugins).load(file, List.of());
    RunStore store = new RunStore(dir.resolve("runs"));
    new TrialRunner.Factory(Clock.systemUTC())
        .create(plan.trials().get(0), store, new DataCache(m -> {}), new TrialObserver() {})
        .run();
    return RoundFiles.read(store.trial(name, plan.trials().get(0).id()).roundFile(0));
  }

  @Test
  void sameSeedSameWeightsOtherSeedOtherWeights() throws Exception {
    RoundData a = train("a", 4);
    RoundData b = train("b", 4);
    RoundData c = train("c", 5);
    ParameterRef hidden = new ParameterRef("hidden", "W");
    assertThat(a.weights().get(hidden).equalsWithEps(b.weights().get(hidden), 0)).isTrue();
    assertThat(a.weights().get(hidden).equalsWithEps(c.weights().get(hidden), 1e-6)).isFalse();
    assertThat(a.number("test_accuracy")).isEqualTo(b.number("test_accuracy"));
  }
}

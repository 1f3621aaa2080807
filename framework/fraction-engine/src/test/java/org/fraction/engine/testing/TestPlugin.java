package org.fraction.engine.testing;

import org.fraction.spi.Kind;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;

/**
 * Test-only types: the {@code synthetic} data set, the {@code tiny-mlp} model, the {@code momentum}
 * optimizer and the {@code smallest-first} pruning strategy. Install with {@code
 * Plugins.of(List.of(new TestPlugin(), ...), loader)}; not on any service list.
 */
public final class TestPlugin extends PluginModule {

  @Override
  public String pluginName() {
    return "test";
  }

  @Override
  protected void registerTypes() {
    register(
        Kind.DATASET,
        "synthetic",
        SyntheticSettings.class,
        SyntheticDataset::new,
        "prototype images plus noise");
    register(
        Kinds.MODEL,
        "tiny-mlp",
        TinyMlp.Settings.class,
        TinyMlp::new,
        "flatten, dense hidden, dense output");
    register(
        Kinds.OPTIMIZER,
        "momentum",
        TestOptimizer.Settings.class,
        TestOptimizer::new,
        "Nesterov momentum with L2");
    register(
        Kinds.PRUNING,
        "smallest-first",
        SmallestFirstPruning.Settings.class,
        SmallestFirstPruning::new,
        "global magnitude, simply written");
    register(
        Kind.SCHEDULE,
        "halving",
        HalvingSchedule.Settings.class,
        HalvingSchedule::new,
        "half the rate each epoch");
  }
}

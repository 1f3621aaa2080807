package org.fraction.examples.pruning;

import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;

/**
 * Registers {@code layer-balanced-magnitude}. Build this module, then {@code ./fraction run
 * WORKFLOW --plugins examples/layer-balanced-pruning/target/layer-balanced-pruning-*.jar}.
 */
public final class LayerBalancedPlugin extends PluginModule {

  @Override
  public String pluginName() {
    return "layer-balanced";
  }

  @Override
  protected void registerTypes() {
    register(
        Kinds.PRUNING,
        "layer-balanced-magnitude",
        LayerBalancedSettings.class,
        LayerBalancedMagnitude::new,
        "global magnitude on |w| scaled by each layer's RMS, with a density floor per layer");
  }
}

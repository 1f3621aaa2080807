package org.example.lamp;

import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;

/** Registers {@code lamp}; named in META-INF/services/org.fraction.spi.PluginModule. */
public final class LampPlugin extends PluginModule {

  /** No keys of its own: keep, rounds, rewind and exclude belong to the engine. */
  public record Settings() {}

  @Override
  public String pluginName() {
    return "lamp";
  }

  @Override
  protected void registerTypes() {
    register(Kinds.PRUNING, "lamp", Settings.class, settings -> new Lamp(),
        "layer-adaptive magnitude (Lee et al. 2021): global top-k of w² over the layer's sum of w'² with |w'| >= |w|");
  }
}

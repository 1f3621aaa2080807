package org.fraction.examples.pruning;

import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;

/** Settings of {@code layer-balanced-magnitude}. */
public record LayerBalancedSettings(
    @Doc("no layer is pruned below this density (of its own weights), in [0, 1)")
        Double minDensity) {

  public LayerBalancedSettings {
    minDensity = Check.orDefault(minDensity, 0.01);
    Check.closedInterval("min-density", minDensity, 0, 0.999);
  }
}

package org.fraction.plugins.optimizers;

import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;

/** Settings of {@code cosine}. */
public record CosineSettings(@Doc("final rate as a fraction of the base rate") Double minFactor) {

  public CosineSettings {
    minFactor = Check.orDefault(minFactor, 0.0);
    Check.closedInterval("min-factor", minFactor, 0, 1);
  }
}

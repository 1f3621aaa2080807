package org.fraction.engine.settings;

import org.fraction.spi.model.Algebra;
import org.fraction.spi.settings.Doc;

/** The engine's keys of the {@code model} block. */
public record ModelKeys(@Doc("real or quaternion") Algebra algebra) {

  public ModelKeys {
    algebra = algebra == null ? Algebra.REAL : algebra;
  }
}

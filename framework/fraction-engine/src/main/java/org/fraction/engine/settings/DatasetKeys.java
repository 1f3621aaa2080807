package org.fraction.engine.settings;

import org.fraction.spi.settings.Doc;

/** The engine's keys of the {@code dataset} block. */
public record DatasetKeys(
    @Doc("none: pixels scaled to [0, 1]; published: also standardised per channel with the data set's mean and std")
    Normalize normalize) {

  public enum Normalize { NONE, PUBLISHED }

  public DatasetKeys {
    normalize = normalize == null ? Normalize.NONE : normalize;
  }
}

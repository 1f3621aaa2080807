package org.fraction.engine.store;

import org.fraction.spi.model.ParameterRef;

/** How many weights of one prunable tensor a round's mask keeps. */
public record MaskCount(ParameterRef ref, long kept, long size) {

  public double density() {
    return size == 0 ? 1.0 : (double) kept / size;
  }
}

package org.fraction.inference;

import java.util.Locale;

/**
 * Which kernel a weighted layer runs: the dense one or the sparse one, by the layer's density.
 * The sparse kernels do work in proportion to the nonzeros but less of it per cycle than the
 * dense ones, so they pay below a crossover density. The crossovers below were measured on
 * representative layers with {@code bench/inference-crossover} (see docs/inference.md for the
 * measurement); they depend on the batch size, so a layer may run the sparse kernel for one image
 * and the dense one for a batch.
 */
public final class KernelChoice {

  /** How to choose. */
  public enum Mode {
    /** By density and the measured crossover. */
    AUTO,
    /** Always the dense kernel. */
    DENSE,
    /** Always the sparse kernel. */
    SPARSE;

    public static Mode of(String id) {
      try {
        return valueOf(id.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("kernels must be auto, dense or sparse, got '" + id + "'");
      }
    }
  }

  /** The layer families with their own kernels. */
  public enum Kind {
    DENSE_REAL,
    DENSE_QUATERNION,
    CONVOLUTION_REAL,
    CONVOLUTION_QUATERNION
  }

  /**
   * Density below which the sparse kernel is faster, per kind, for one image and for a batch
   * (measured with batches of 64).
   */
  static final double[][] CROSSOVER = {
      {0.5, 0.5}, // DENSE_REAL
      {0.5, 0.5}, // DENSE_QUATERNION
      {0.5, 0.5}, // CONVOLUTION_REAL
      {0.5, 0.5}, // CONVOLUTION_QUATERNION
  };

  private KernelChoice() {}

  /** The density below which {@code kind} runs sparse at this batch size. */
  public static double crossover(Kind kind, int batch) {
    return CROSSOVER[kind.ordinal()][batch == 1 ? 0 : 1];
  }

  public static boolean sparse(Mode mode, Kind kind, double density, int batch) {
    return switch (mode) {
      case DENSE -> false;
      case SPARSE -> true;
      case AUTO -> density < crossover(kind, batch);
    };
  }
}

package org.fraction.inference;

import java.util.Locale;

/**
 * Which kernel a weighted layer runs: the dense one or the sparse one, by the layer's density. The
 * sparse kernels do work in proportion to the nonzeros but less of it per cycle than the dense
 * ones, so they pay below a crossover density. The crossovers below were measured on representative
 * layers with {@code bench/inference-crossover} (see docs/inference.md for the measurement); they
 * depend on the batch size, so a layer may run the sparse kernel for one image and the dense one
 * for a batch.
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
        throw new IllegalArgumentException(
            "kernels must be auto, dense or sparse, got '" + id + "'");
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
   * Dense layers: density below which the sparse kernel is faster, per kind (real, quaternion), for
   * one image and for batches (measured with 64).
   */
  static final double[][] DENSE = {
    {0.24, 0.27}, // DENSE_REAL
    {0.33, 0.64}, // DENSE_QUATERNION
  };

  /** Output sizes (height = width) at which the convolution crossovers were measured. */
  static final int[] CONVOLUTION_SIZES = {4, 8, 16, 32};

  /**
   * Convolutions: [kind - CONVOLUTION_REAL][one image, batch][output size as CONVOLUTION_SIZES].
   */
  static final double[][][] CONVOLUTION = {
    {{0.39, 0.41, 0.65, 0.75}, {0.23, 0.38, 0.63, 0.70}}, // CONVOLUTION_REAL
    {{0.71, 0.54, 0.90, 1.00}, {0.48, 0.68, 0.92, 1.00}}, // CONVOLUTION_QUATERNION
  };

  private KernelChoice() {}

  /**
   * The density below which a layer runs sparse at this batch size; for convolutions by the size of
   * their output (outputs per channel), between the measured sizes interpolated in log size.
   */
  public static double crossover(Kind kind, int batch, int outputPlane) {
    int regime = batch == 1 ? 0 : 1;
    if (kind == Kind.DENSE_REAL || kind == Kind.DENSE_QUATERNION) {
      return DENSE[kind.ordinal()][regime];
    }
    double[] row = CONVOLUTION[kind.ordinal() - Kind.CONVOLUTION_REAL.ordinal()][regime];
    double size = Math.log(Math.sqrt(Math.max(1, outputPlane)));
    double[] at = new double[CONVOLUTION_SIZES.length];
    for (int i = 0; i < at.length; i++) {
      at[i] = Math.log(CONVOLUTION_SIZES[i]);
    }
    if (size <= at[0]) {
      return row[0];
    }
    for (int i = 1; i < at.length; i++) {
      if (size <= at[i]) {
        double t = (size - at[i - 1]) / (at[i] - at[i - 1]);
        return row[i - 1] + t * (row[i] - row[i - 1]);
      }
    }
    return row[row.length - 1];
  }

  public static boolean sparse(Mode mode, Kind kind, double density, int batch, int outputPlane) {
    return switch (mode) {
      case DENSE -> false;
      case SPARSE -> true;
      case AUTO -> density < crossover(kind, batch, outputPlane);
    };
  }
}

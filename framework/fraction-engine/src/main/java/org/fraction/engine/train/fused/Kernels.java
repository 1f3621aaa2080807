package org.fraction.engine.train.fused;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The long loops of the fused step. They use the Vector API when the JVM has the incubator module
 * {@code jdk.incubator.vector} (the launcher adds it), and plain loops otherwise: the same results,
 * the plain loops several times slower.
 */
final class Kernels {

  /** Whether the Vector API is in use. */
  static final boolean VECTOR =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !Boolean.getBoolean("fraction.fused.scalar");

  private Kernels() {}

  /**
   * One Adam step over n floats (native-order buffers): g = gradient / divisor, m = β1 m + (1-β1)
   * g, v = β2 v + (1-β2) g², params -= stepSize m / (√v + ε).
   */
  static void adam(
      ByteBuffer params,
      ByteBuffer gradient,
      ByteBuffer m,
      ByteBuffer v,
      int n,
      float divisor,
      float beta1,
      float beta2,
      float stepSize,
      float epsilon) {
    int done =
        VECTOR
            ? VectorKernels.adam(
                params, gradient, m, v, n, divisor, beta1, beta2, stepSize, epsilon)
            : 0;
    ScalarKernels.adam(params, gradient, m, v, done, n, divisor, beta1, beta2, stepSize, epsilon);
  }

  /**
   * z[r, c] += bias[offset + c] for a row-major [rows, cols] z (no bias if null), then ReLU if
   * asked.
   */
  static void addBias(ByteBuffer z, int rows, int cols, ByteBuffer bias, int offset, boolean relu) {
    if (VECTOR) {
      VectorKernels.addBias(z, rows, cols, bias, offset, relu);
    } else {
      ScalarKernels.addBias(z, rows, cols, bias, offset, relu);
    }
  }

  /** delta[i] = 0 for i in [0, n) where the ReLU's output was not positive. */
  static void reluBackward(ByteBuffer delta, ByteBuffer activation, int n) {
    int done = VECTOR ? VectorKernels.reluBackward(delta, activation, n) : 0;
    ScalarKernels.reluBackward(delta, activation, done, n);
  }

  /** out[offset + c] = Σ_r m[r, c] for a row-major [rows, cols] m. */
  static void columnSums(ByteBuffer m, int rows, int cols, ByteBuffer out, int offset) {
    if (VECTOR) {
      VectorKernels.columnSums(m, rows, cols, out, offset);
    } else {
      ScalarKernels.columnSums(m, rows, cols, out, offset, 0);
    }
  }

  static final ByteOrder ORDER = ByteOrder.nativeOrder();
}

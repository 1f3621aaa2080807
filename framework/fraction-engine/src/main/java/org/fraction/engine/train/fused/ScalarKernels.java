package org.fraction.engine.train.fused;

import java.nio.ByteBuffer;

/** {@link Kernels} in plain loops. */
final class ScalarKernels {

  private ScalarKernels() {}

  /** Adam over floats [from, to); see {@link Kernels#adam}. */
  static void adam(
      ByteBuffer params,
      ByteBuffer gradient,
      ByteBuffer m,
      ByteBuffer v,
      int from,
      int to,
      float divisor,
      float beta1,
      float beta2,
      float stepSize,
      float epsilon) {
    float oneMinusBeta1 = 1f - beta1;
    float oneMinusBeta2 = 1f - beta2;
    for (int i = from; i < to; i++) {
      int at = 4 * i;
      float g = gradient.getFloat(at) / divisor;
      float mi = beta1 * m.getFloat(at) + g * oneMinusBeta1;
      float vi = beta2 * v.getFloat(at) + g * g * oneMinusBeta2;
      m.putFloat(at, mi);
      v.putFloat(at, vi);
      params.putFloat(at, params.getFloat(at) - mi * stepSize / ((float) Math.sqrt(vi) + epsilon));
    }
  }

  /** See {@link Kernels#addBias}. */
  static void addBias(ByteBuffer z, int rows, int cols, ByteBuffer bias, int offset, boolean relu) {
    for (int r = 0, i = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++, i++) {
        float v =
            bias == null ? z.getFloat(4 * i) : z.getFloat(4 * i) + bias.getFloat(4 * (offset + c));
        z.putFloat(4 * i, relu && !(v > 0f) ? 0f : v);
      }
    }
  }

  /** {@link Kernels#reluBackward} over [from, to). */
  static void reluBackward(ByteBuffer delta, ByteBuffer activation, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!(activation.getFloat(4 * i) > 0f)) {
        delta.putFloat(4 * i, 0f);
      }
    }
  }

  /** {@link Kernels#columnSums} over the columns [fromColumn, cols). */
  static void columnSums(
      ByteBuffer m, int rows, int cols, ByteBuffer out, int offset, int fromColumn) {
    for (int c = fromColumn; c < cols; c++) {
      float sum = 0f;
      for (int r = 0; r < rows; r++) {
        sum += m.getFloat(4 * (r * cols + c));
      }
      out.putFloat(4 * (offset + c), sum);
    }
  }
}

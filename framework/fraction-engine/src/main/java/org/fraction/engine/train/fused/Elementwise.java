package org.fraction.engine.train.fused;

import java.nio.FloatBuffer;

/** The classifier end of the fused dense step, on row-major [rows, cols] float buffers. */
final class Elementwise {

  private Elementwise() {}

  /**
   * Softmax of each row of the logits, clipped to [eps, 1 - eps] as Deeplearning4j's cross-entropy
   * does; writes {@code p - y} to {@code delta} and returns the summed cross-entropy {@code -Σ y
   * log p} over the rows.
   */
  static double softmaxCrossEntropy(
      FloatBuffer logits, FloatBuffer y, FloatBuffer delta, int rows, int cols, float eps) {
    float high = 1f - eps;
    double loss = 0;
    for (int r = 0; r < rows; r++) {
      int row = r * cols;
      softmaxRow(logits, delta, row, cols);
      for (int c = 0; c < cols; c++) {
        float p = delta.get(row + c);
        if (eps > 0) {
          p = p < eps ? eps : (p > high ? high : p);
        }
        float label = y.get(row + c);
        if (label != 0f) {
          loss -= label * Math.log(p);
        }
        delta.put(row + c, p - label);
      }
    }
    return loss;
  }

  /** Softmax of each row, in place (inference: no clipping). */
  static void softmax(FloatBuffer z, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      softmaxRow(z, z, r * cols, cols);
    }
  }

  /** out[row, row + cols) = softmax(in[row, row + cols)); in and out may be the same buffer. */
  private static void softmaxRow(FloatBuffer in, FloatBuffer out, int row, int cols) {
    float max = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < cols; c++) {
      max = Math.max(max, in.get(row + c));
    }
    float sum = 0f;
    for (int c = 0; c < cols; c++) {
      float e = (float) Math.exp(in.get(row + c) - max);
      out.put(row + c, e);
      sum += e;
    }
    for (int c = 0; c < cols; c++) {
      out.put(row + c, out.get(row + c) / sum);
    }
  }
}

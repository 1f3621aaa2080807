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
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, logits.get(row + c));
      }
      float sum = 0f;
      for (int c = 0; c < cols; c++) {
        float e = (float) Math.exp(logits.get(row + c) - max);
        delta.put(row + c, e);
        sum += e;
      }
      for (int c = 0; c < cols; c++) {
        float p = delta.get(row + c) / sum;
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
      int row = r * cols;
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, z.get(row + c));
      }
      float sum = 0f;
      for (int c = 0; c < cols; c++) {
        float e = (float) Math.exp(z.get(row + c) - max);
        z.put(row + c, e);
        sum += e;
      }
      for (int c = 0; c < cols; c++) {
        z.put(row + c, z.get(row + c) / sum);
      }
    }
  }
}

package org.fraction.engine.data;

import java.io.IOException;
import org.fraction.spi.model.InputShape;

/**
 * Per-channel mean and standard deviation of a split's pixels in [0, 1] units, computed exactly in
 * one pass in file order (integer sums, so the result does not depend on the order).
 */
public record ChannelStatistics(double[] mean, double[] std) {

  public static ChannelStatistics compute(ExampleSet examples, InputShape shape)
      throws IOException {
    int channels = shape.channels();
    int plane = shape.height() * shape.width();
    long[] sum = new long[channels];
    long[] squares = new long[channels];
    long images = 0;
    byte[] image = new byte[examples.imageBytes()];
    try (ExampleCursor cursor = examples.open(null)) {
      while (cursor.next(image, 0) >= 0) {
        for (int c = 0; c < channels; c++) {
          long s = 0;
          long q = 0;
          for (int p = c * plane, end = p + plane; p < end; p++) {
            int v = image[p] & 0xFF;
            s += v;
            q += v * v;
          }
          sum[c] += s;
          squares[c] += q;
        }
        images++;
      }
    }
    if (images == 0) {
      throw new IllegalStateException("no training images to compute the mean and std from");
    }
    double n = (double) images * plane;
    double[] mean = new double[channels];
    double[] std = new double[channels];
    for (int c = 0; c < channels; c++) {
      double m = sum[c] / n;
      double variance = Math.max(0, squares[c] / n - m * m);
      mean[c] = m / 255.0;
      std[c] = Math.max(Math.sqrt(variance) / 255.0, 1e-6);
    }
    return new ChannelStatistics(mean, std);
  }
}

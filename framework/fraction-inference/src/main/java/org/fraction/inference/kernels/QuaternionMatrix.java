package org.fraction.inference.kernels;

/**
 * A block-sparse quaternion weight: whole quaternions (q in, p out) survive, each acting on the
 * input quaternion (x[q], x[in4 + q], x[2 in4 + q], x[3 in4 + q]) as the 4 x 4 real block of its
 * Hamilton product: 16 multiply-accumulates for one index and four values.
 */
public final class QuaternionMatrix implements MatrixKernel {

  private final int in4;
  private final int out4;
  private final int[] inStart;
  private final int[] outIndex;
  private final float[] inValues;
  private int[] outStart;
  private int[] inIndex;
  private float[] outValues;
  private int[] zeros;

  /**
   * @param positions c-order flat positions {@code q * out4 + p} of the stored quaternions,
   *     ascending
   * @param values r, i, j, k of each
   */
  public QuaternionMatrix(int in4, int out4, int[] positions, float[] values) {
    this.in4 = in4;
    this.out4 = out4;
    int n = 0;
    for (int e = 0; e < positions.length; e++) {
      n += nonZero(values, e) ? 1 : 0;
    }
    inStart = new int[in4 + 1];
    outIndex = new int[n];
    inValues = new float[4 * n];
    int k = 0;
    for (int e = 0; e < positions.length; e++) {
      if (!nonZero(values, e)) {
        continue;
      }
      inStart[positions[e] / out4 + 1]++;
      outIndex[k] = positions[e] % out4;
      System.arraycopy(values, 4 * e, inValues, 4 * k, 4);
      k++;
    }
    for (int q = 0; q < in4; q++) {
      inStart[q + 1] += inStart[q];
    }
  }

  private static boolean nonZero(float[] v, int e) {
    return v[4 * e] != 0f || v[4 * e + 1] != 0f || v[4 * e + 2] != 0f || v[4 * e + 3] != 0f;
  }

  @Override
  public void multiply(float[] x, float[] y, int batch) {
    if (batch == 1) {
      single(x, y);
      return;
    }
    byOutput();
    int xs = in4 * batch;
    int ys = out4 * batch;
    if (Simd.gatherHamiltonLength(batch) == batch) {
      for (int p = 0; p < out4; p++) {
        Simd.gatherHamilton(
            y,
            p * batch,
            ys,
            x,
            inIndex,
            zeros,
            batch,
            xs,
            outValues,
            outStart[p],
            outStart[p + 1],
            batch);
      }
      return;
    }
    for (int p = 0; p < out4; p++) {
      int y0 = p * batch;
      for (int a = 0; a < 4; a++) {
        java.util.Arrays.fill(y, y0 + a * ys, y0 + a * ys + batch, 0f);
      }
      for (int k = outStart[p], end = outStart[p + 1]; k < end; k++) {
        int x0 = inIndex[k] * batch;
        Simd.hamilton(
            outValues[4 * k],
            outValues[4 * k + 1],
            outValues[4 * k + 2],
            outValues[4 * k + 3],
            x,
            x0,
            x0 + xs,
            x0 + 2 * xs,
            x0 + 3 * xs,
            y,
            y0,
            y0 + ys,
            y0 + 2 * ys,
            y0 + 3 * ys,
            batch);
      }
    }
  }

  private void single(float[] x, float[] y) {
    java.util.Arrays.fill(y, 0, 4 * out4, 0f);
    int o1 = out4;
    int o2 = 2 * out4;
    int o3 = 3 * out4;
    float[] v = inValues;
    for (int q = 0; q < in4; q++) {
      float a = x[q];
      float b = x[in4 + q];
      float c = x[2 * in4 + q];
      float d = x[3 * in4 + q];
      if (a == 0f && b == 0f && c == 0f && d == 0f) {
        continue;
      }
      for (int k = inStart[q], end = inStart[q + 1]; k < end; k++) {
        int p = outIndex[k];
        float r = v[4 * k];
        float i = v[4 * k + 1];
        float j = v[4 * k + 2];
        float kk = v[4 * k + 3];
        y[p] += r * a - i * b - j * c - kk * d;
        y[o1 + p] += i * a + r * b - kk * c + j * d;
        y[o2 + p] += j * a + kk * b + r * c - i * d;
        y[o3 + p] += kk * a - j * b + i * c + r * d;
      }
    }
  }

  private synchronized void byOutput() {
    if (outStart != null) {
      return;
    }
    int n = outIndex.length;
    int[] start = new int[out4 + 1];
    for (int k = 0; k < n; k++) {
      start[outIndex[k] + 1]++;
    }
    for (int p = 0; p < out4; p++) {
      start[p + 1] += start[p];
    }
    int[] fill = start.clone();
    int[] index = new int[n];
    float[] values = new float[4 * n];
    for (int q = 0; q < in4; q++) {
      for (int k = inStart[q]; k < inStart[q + 1]; k++) {
        int at = fill[outIndex[k]]++;
        index[at] = q;
        System.arraycopy(inValues, 4 * k, values, 4 * at, 4);
      }
    }
    inIndex = index;
    outValues = values;
    zeros = new int[n];
    outStart = start;
  }

  @Override
  public long macs() {
    return 16L * outIndex.length;
  }
}

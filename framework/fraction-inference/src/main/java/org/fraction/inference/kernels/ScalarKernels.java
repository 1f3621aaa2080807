package org.fraction.inference.kernels;

/** The primitives of {@link Simd} as plain loops. */
final class ScalarKernels {

  private ScalarKernels() {}

  static void axpy(float[] y, int yo, float a, float[] x, int xo, int n) {
    for (int t = 0; t < n; t++) {
      y[yo + t] += a * x[xo + t];
    }
  }

  static void gemm(
      float[] a,
      int ao,
      int lda,
      float[] b,
      int bo,
      int ldb,
      float[] c,
      int co,
      int ldc,
      int m,
      int n,
      int k) {
    for (int i = 0; i < m; i++) {
      int ci = co + i * ldc;
      java.util.Arrays.fill(c, ci, ci + n, 0f);
      for (int p = 0; p < k; p++) {
        float w = a[ao + i * lda + p];
        if (w != 0f) {
          axpy(c, ci, w, b, bo + p * ldb, n);
        }
      }
    }
  }

  static void gather(
      float[] y,
      int yo,
      float[] x,
      int[] block,
      int[] shift,
      int blockSize,
      float[] v,
      int from,
      int to,
      int n) {
    java.util.Arrays.fill(y, yo, yo + n, 0f);
    for (int k = from; k < to; k++) {
      axpy(y, yo, v[k], x, block[k] * blockSize + shift[k], n);
    }
  }

  static void gatherHamilton(
      float[] y,
      int y0,
      int ys,
      float[] x,
      int[] block,
      int[] shift,
      int blockSize,
      int xs,
      float[] v,
      int from,
      int to,
      int n) {
    for (int c = 0; c < 4; c++) {
      java.util.Arrays.fill(y, y0 + c * ys, y0 + c * ys + n, 0f);
    }
    for (int k = from; k < to; k++) {
      int x0 = block[k] * blockSize + shift[k];
      hamilton(
          v[4 * k],
          v[4 * k + 1],
          v[4 * k + 2],
          v[4 * k + 3],
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
          n);
    }
  }

  static void hamilton(
      float r,
      float i,
      float j,
      float k,
      float[] x,
      int x0,
      int x1,
      int x2,
      int x3,
      float[] y,
      int y0,
      int y1,
      int y2,
      int y3,
      int n) {
    for (int t = 0; t < n; t++) {
      float a = x[x0 + t];
      float b = x[x1 + t];
      float c = x[x2 + t];
      float d = x[x3 + t];
      y[y0 + t] += r * a - i * b - j * c - k * d;
      y[y1 + t] += i * a + r * b - k * c + j * d;
      y[y2 + t] += j * a + k * b + r * c - i * d;
      y[y3 + t] += k * a - j * b + i * c + r * d;
    }
  }
}

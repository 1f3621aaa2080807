package org.fraction.inference.kernels;

/**
 * A dense weight W of {@code in x out}. One image is the sum of W's rows weighted by the inputs
 * (rows of zero inputs skipped: ReLU outputs and image backgrounds are often zero); a batch is a
 * matrix product with W transposed, blocked in registers.
 */
public final class DenseMatrix implements MatrixKernel {

  private final int in;
  private final int out;
  private final float[] w;
  private float[] transposed;

  /**
   * @param w row-major {@code [in, out]}
   */
  public DenseMatrix(int in, int out, float[] w) {
    if (w.length != in * out) {
      throw new IllegalArgumentException(
          "weight of " + w.length + " values for " + in + " x " + out);
    }
    this.in = in;
    this.out = out;
    this.w = w;
  }

  @Override
  public void multiply(float[] x, float[] y, int batch) {
    if (batch == 1) {
      java.util.Arrays.fill(y, 0, out, 0f);
      for (int i = 0; i < in; i++) {
        float xi = x[i];
        if (xi != 0f) {
          Simd.axpy(y, 0, xi, w, i * out, out);
        }
      }
      return;
    }
    Simd.gemm(transposed(), 0, in, x, 0, batch, y, 0, batch, out, batch, in);
  }

  private synchronized float[] transposed() {
    if (transposed == null) {
      float[] t = new float[in * out];
      for (int i = 0; i < in; i++) {
        for (int o = 0; o < out; o++) {
          t[o * in + i] = w[i * out + o];
        }
      }
      transposed = t;
    }
    return transposed;
  }

  @Override
  public long macs() {
    return (long) in * out;
  }
}

package org.fraction.inference.kernels;

import org.fraction.inference.Activation;

/**
 * A dense convolution as a matrix product: the input patches of a few images are unrolled into the
 * columns of a matrix (im2col) and multiplied by the weight [o, c kh kw] in registers.
 */
public final class DenseConvolution implements ConvKernel {

  /** Columns (output positions) of one product, enough to fill the register tiles. */
  private static final int MIN_COLUMNS = 256;

  private final ConvGeometry g;
  private final float[] w;
  private final int k;

  /**
   * @param w the weight [o, c, kh, kw], c order
   */
  public DenseConvolution(ConvGeometry g, float[] w) {
    this.g = g;
    this.w = w;
    this.k = g.c() * g.kh() * g.kw();
    if (w.length != g.o() * k) {
      throw new IllegalArgumentException("weight of " + w.length + " values for " + g);
    }
  }

  private int imagesPerProduct(int batch) {
    int positions = g.ho() * g.wo();
    return Math.max(1, Math.min(batch, (MIN_COLUMNS + positions - 1) / positions));
  }

  @Override
  public int scratchSize(int batch) {
    int n = imagesPerProduct(batch) * g.ho() * g.wo();
    return (k + g.o()) * n;
  }

  @Override
  public void run(
      float[] x,
      float[] y,
      int batch,
      float[] scale,
      float[] bias,
      Activation act,
      float[] scratch) {
    int per = imagesPerProduct(batch);
    int positions = g.ho() * g.wo();
    int inSize = g.c() * g.h() * g.w();
    int outSize = g.o() * positions;
    for (int b0 = 0; b0 < batch; b0 += per) {
      int nb = Math.min(per, batch - b0);
      int n = nb * positions;
      int cols = 0;
      int out = k * n;
      for (int b = 0; b < nb; b++) {
        im2col(x, (b0 + b) * inSize, scratch, cols + b * positions, n);
      }
      Simd.gemm(w, 0, k, scratch, cols, n, scratch, out, n, g.o(), n, k);
      for (int b = 0; b < nb; b++) {
        // the product's rows hold all nb images; row oc of image b starts at oc * n + b * positions
        writeImage(scratch, out + b * positions, n, y, (b0 + b) * outSize, scale, bias, act);
      }
    }
  }

  private void writeImage(
      float[] c,
      int co,
      int rowStride,
      float[] y,
      int yo,
      float[] scale,
      float[] bias,
      Activation act) {
    int positions = g.ho() * g.wo();
    for (int oc = 0; oc < g.o(); oc++) {
      float s = scale == null ? 1f : scale[oc];
      float b = bias == null ? 0f : bias[oc];
      int src = co + oc * rowStride;
      int dst = yo + oc * positions;
      for (int t = 0; t < positions; t++) {
        y[dst + t] = s * c[src + t] + b;
      }
      act.apply(y, dst, dst + positions);
    }
  }

  /** Unrolls one image's patches into columns [co, co + positions) of the k rows (row stride n). */
  private void im2col(float[] x, int xo, float[] cols, int co, int n) {
    int h = g.h();
    int wd = g.w();
    int ho = g.ho();
    int wo = g.wo();
    int sh = g.sh();
    int sw = g.sw();
    int row = 0;
    for (int ch = 0; ch < g.c(); ch++) {
      int plane = xo + ch * h * wd;
      for (int ky = 0; ky < g.kh(); ky++) {
        for (int kx = 0; kx < g.kw(); kx++, row++) {
          int dst = row * n + co;
          // output columns whose input column ix = ox * sw + kx - padLeft lies in [0, w)
          int first = Math.max(0, ceilDiv(g.padLeft() - kx, sw));
          int last = Math.min(wo, ceilDiv(wd + g.padLeft() - kx, sw));
          for (int oy = 0; oy < ho; oy++) {
            int d = dst + oy * wo;
            int iy = oy * sh + ky - g.padTop();
            if (iy < 0 || iy >= h || first >= last) {
              java.util.Arrays.fill(cols, d, d + wo, 0f);
              continue;
            }
            java.util.Arrays.fill(cols, d, d + first, 0f);
            int src = plane + iy * wd + kx - g.padLeft();
            if (sw == 1) {
              System.arraycopy(x, src + first, cols, d + first, last - first);
            } else {
              for (int ox = first; ox < last; ox++) {
                cols[d + ox] = x[src + ox * sw];
              }
            }
            java.util.Arrays.fill(cols, d + last, d + wo, 0f);
          }
        }
      }
    }
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }

  @Override
  public long macs() {
    return (long) g.o() * k * g.ho() * g.wo();
  }
}

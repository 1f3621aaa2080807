package org.fraction.inference.kernels;

import org.fraction.inference.Activation;

/**
 * A block-sparse quaternion convolution computed directly, as {@link SparseConvolution}: each
 * stored quaternion (input quaternion channel q, output p, ky, kx) reads the four component
 * channels of q at one tap and adds their Hamilton product to the four component channels of p:
 * 16 multiply-accumulates per output position for four loads.
 */
public final class QuaternionConvolution implements ConvKernel {

  private final ConvGeometry g;
  private final int in4;
  private final int out4;
  private final int[] start;
  private final int[] offset;
  private final float[] values;

  /**
   * @param positions c-order flat positions in the component shape [in4, out4, kh, kw] of the
   *     stored quaternions, ascending
   * @param values r, i, j, k of each
   */
  public QuaternionConvolution(ConvGeometry g, int[] positions, float[] values) {
    this.g = g;
    this.in4 = g.c() / 4;
    this.out4 = g.o() / 4;
    int area = g.kh() * g.kw();
    int n = 0;
    for (int e = 0; e < positions.length; e++) {
      n += nonZero(values, e) ? 1 : 0;
    }
    int[] outputOf = new int[n];
    int[] offsets = new int[n];
    float[] v = new float[4 * n];
    int[] count = new int[out4 + 1];
    int k = 0;
    for (int e = 0; e < positions.length; e++) {
      if (!nonZero(values, e)) {
        continue;
      }
      int pos = positions[e];
      int q = pos / (out4 * area);
      int p = pos / area % out4;
      int ky = pos % area / g.kw();
      int kx = pos % g.kw();
      outputOf[k] = p;
      offsets[k] = g.readsInputDirectly() ? q * g.h() * g.w() : g.tapOffset(q, ky, kx);
      System.arraycopy(values, 4 * e, v, 4 * k, 4);
      count[p + 1]++;
      k++;
    }
    for (int p = 0; p < out4; p++) {
      count[p + 1] += count[p];
    }
    start = count.clone();
    int[] fill = count.clone();
    offset = new int[n];
    this.values = new float[4 * n];
    for (int e = 0; e < n; e++) {
      int at = fill[outputOf[e]]++;
      offset[at] = offsets[e];
      System.arraycopy(v, 4 * e, this.values, 4 * at, 4);
    }
  }

  private static boolean nonZero(float[] v, int e) {
    return v[4 * e] != 0f || v[4 * e + 1] != 0f || v[4 * e + 2] != 0f || v[4 * e + 3] != 0f;
  }

  @Override
  public int scratchSize(int batch) {
    return (g.readsInputDirectly() ? 0 : g.phaseCopySize()) + g.o() * g.grid();
  }

  @Override
  public void run(float[] x, float[] y, int batch, float[] scale, float[] bias, Activation act, float[] scratch) {
    int inSize = g.c() * g.h() * g.w();
    int outSize = g.o() * g.ho() * g.wo();
    int grid = g.grid();
    boolean direct = g.readsInputDirectly();
    int gridAt = direct ? 0 : g.phaseCopySize();
    int xs = in4 * (direct ? g.h() * g.w() : g.channelStride());
    int ys = out4 * grid;
    for (int b = 0; b < batch; b++) {
      float[] src;
      int base;
      if (direct) {
        src = x;
        base = b * inSize;
      } else {
        g.phaseCopy(x, b * inSize, scratch);
        src = scratch;
        base = 0;
      }
      java.util.Arrays.fill(scratch, gridAt, gridAt + g.o() * grid, 0f);
      for (int p = 0; p < out4; p++) {
        int y0 = gridAt + p * grid;
        for (int k = start[p], end = start[p + 1]; k < end; k++) {
          int x0 = base + offset[k];
          Simd.hamilton(values[4 * k], values[4 * k + 1], values[4 * k + 2], values[4 * k + 3], src, x0, x0 + xs, x0 + 2 * xs,
              x0 + 3 * xs, scratch, y0, y0 + ys, y0 + 2 * ys, y0 + 3 * ys, grid);
        }
      }
      g.epilogue(scratch, gridAt, g.wq(), y, b * outSize, scale, bias, act);
    }
  }

  @Override
  public long macs() {
    return 16L * values.length * g.ho() * g.wo();
  }
}

package org.fraction.inference.kernels;

import org.fraction.inference.Activation;

/**
 * A sparse convolution computed directly: each nonzero weight (output channel, input channel, ky,
 * kx) adds its value times one contiguous run of the image's phase copy to its output channel's
 * grid (see {@link ConvGeometry}), so the work is proportional to the nonzeros and needs no
 * unrolled patches.
 */
public final class SparseConvolution implements ConvKernel {

  private final ConvGeometry g;
  private final int[] start;
  private final int[] offset;
  private final float[] values;

  /**
   * @param positions c-order flat positions in [o, c, kh, kw] of the nonzeros, ascending
   * @param values their values
   */
  public SparseConvolution(ConvGeometry g, int[] positions, float[] values) {
    this.g = g;
    int n = 0;
    for (float v : values) {
      n += v != 0f ? 1 : 0;
    }
    int area = g.kh() * g.kw();
    int perOutput = g.c() * area;
    start = new int[g.o() + 1];
    offset = new int[n];
    this.values = new float[n];
    int k = 0;
    for (int e = 0; e < positions.length; e++) {
      if (values[e] == 0f) {
        continue;
      }
      int p = positions[e];
      int oc = p / perOutput;
      int rest = p % perOutput;
      int ch = rest / area;
      int ky = rest % area / g.kw();
      int kx = rest % g.kw();
      start[oc + 1]++;
      offset[k] = g.readsInputDirectly() ? ch * g.h() * g.w() : g.tapOffset(ch, ky, kx);
      this.values[k++] = values[e];
    }
    for (int oc = 0; oc < g.o(); oc++) {
      start[oc + 1] += start[oc];
    }
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
      for (int oc = 0; oc < g.o(); oc++) {
        int yo = gridAt + oc * grid;
        for (int k = start[oc], end = start[oc + 1]; k < end; k++) {
          Simd.axpy(scratch, yo, values[k], src, base + offset[k], grid);
        }
      }
      g.epilogue(scratch, gridAt, g.wq(), y, b * outSize, scale, bias, act);
    }
  }

  @Override
  public long macs() {
    return (long) values.length * g.ho() * g.wo();
  }
}

package org.fraction.inference.kernels;

import org.fraction.inference.Activation;

/**
 * A sparse convolution computed directly: each nonzero weight (output channel, input channel, ky,
 * kx) adds its value times one contiguous run of the images' phase copy to its output channel's
 * grid (see {@link ConvGeometry}), so the work is proportional to the nonzeros and needs no
 * unrolled patches.
 */
public final class SparseConvolution implements ConvKernel {

  private final ConvGeometry g;
  private final int[] start;
  private final int[] block;
  private final int[] shift;
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
    block = new int[n];
    shift = new int[n];
    this.values = new float[n];
    int k = 0;
    for (int e = 0; e < positions.length; e++) {
      if (values[e] == 0f) {
        continue;
      }
      int p = positions[e];
      int rest = p % perOutput;
      int ky = rest % area / g.kw();
      int kx = rest % g.kw();
      start[p / perOutput + 1]++;
      block[k] = g.tapBlock(rest / area, ky, kx);
      shift[k] = g.tapShift(ky, kx);
      this.values[k++] = values[e];
    }
    for (int oc = 0; oc < g.o(); oc++) {
      start[oc + 1] += start[oc];
    }
  }

  @Override
  public int scratchSize(int batch) {
    int images = g.imagesPerRun(batch);
    return g.phaseCopySize(images) + g.o() * g.gridStride(images);
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
    int per = g.imagesPerRun(batch);
    for (int b0 = 0; b0 < batch; b0 += per) {
      int images = Math.min(per, batch - b0);
      int blockSize = images * g.plane();
      int run = g.runLength(images);
      int stride = g.gridStride(images);
      int gridAt = g.phaseCopySize(images);
      g.phaseCopy(x, b0, images, scratch);
      for (int oc = 0; oc < g.o(); oc++) {
        Simd.gather(
            scratch,
            gridAt + oc * stride,
            scratch,
            block,
            shift,
            blockSize,
            values,
            start[oc],
            start[oc + 1],
            run);
      }
      g.epilogue(scratch, gridAt, b0, images, y, scale, bias, act);
    }
  }

  @Override
  public long macs() {
    return (long) values.length * g.ho() * g.wo();
  }
}

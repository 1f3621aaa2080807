package org.fraction.inference.kernels;

import org.fraction.inference.Activation;

/**
 * A block-sparse quaternion convolution computed directly, as {@link SparseConvolution}: each
 * stored quaternion (input quaternion channel q, output p, ky, kx) reads the four component
 * channels of q at one tap and adds their Hamilton product to the four component channels of p: 16
 * multiply-accumulates per output position for four loads.
 */
public final class QuaternionConvolution implements ConvKernel {

  private final ConvGeometry g;
  private final int in4;
  private final int out4;
  private final int[] start;
  private final int[] block;
  private final int[] shift;
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
    int[] blocks = new int[n];
    int[] shifts = new int[n];
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
      blocks[k] = g.tapBlock(q, ky, kx);
      shifts[k] = g.tapShift(ky, kx);
      System.arraycopy(values, 4 * e, v, 4 * k, 4);
      count[p + 1]++;
      k++;
    }
    for (int p = 0; p < out4; p++) {
      count[p + 1] += count[p];
    }
    start = count.clone();
    int[] fill = count.clone();
    block = new int[n];
    shift = new int[n];
    this.values = new float[4 * n];
    for (int e = 0; e < n; e++) {
      int at = fill[outputOf[e]]++;
      block[at] = blocks[e];
      shift[at] = shifts[e];
      System.arraycopy(v, 4 * e, this.values, 4 * at, 4);
    }
  }

  private static boolean nonZero(float[] v, int e) {
    return v[4 * e] != 0f || v[4 * e + 1] != 0f || v[4 * e + 2] != 0f || v[4 * e + 3] != 0f;
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
      int xs = in4 * blockSize; // from component channel b*in4 + q to the next component
      int ys = out4 * stride;
      g.phaseCopy(x, b0, images, scratch);
      for (int p = 0; p < out4; p++) {
        Simd.gatherHamilton(
            scratch,
            gridAt + p * stride,
            ys,
            scratch,
            block,
            shift,
            blockSize,
            xs,
            values,
            start[p],
            start[p + 1],
            run);
      }
      g.epilogue(scratch, gridAt, b0, images, y, scale, bias, act);
    }
  }

  @Override
  public long macs() {
    return 16L * values.length * g.ho() * g.wo();
  }
}

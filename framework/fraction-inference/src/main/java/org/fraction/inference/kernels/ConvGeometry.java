package org.fraction.inference.kernels;

import org.fraction.inference.Activation;

/**
 * The shapes of a 2-D convolution and the padded, stride-split copy of input images that the direct
 * (sparse) kernels read.
 *
 * <p>For stride s the padded image is split into s x s phases (rows and columns of each residue mod
 * s), so that every kernel tap reads one phase at a fixed offset: output (y, x) of tap (ky, kx)
 * reads phase (ky mod s, kx mod s) at (y + ky / s, x + kx / s). Phase planes have {@code hq} rows
 * of {@code wq} values, and the outputs are computed on the same grid (its rows from {@code ho} on
 * and columns from {@code wo} on are never used), so one tap of one input channel is a single
 * contiguous run over all outputs. The planes of a few images lie one after another, so that a run
 * covers them all when the images are small. Only the phases some tap reads are made.
 *
 * @param c input channels
 * @param h input height
 * @param w input width
 * @param o output channels
 * @param padTop zero rows above
 * @param padLeft zero columns on the left
 */
public record ConvGeometry(
    int c,
    int h,
    int w,
    int o,
    int kh,
    int kw,
    int sh,
    int sw,
    int padTop,
    int padLeft,
    int ho,
    int wo) {

  /** A run should cover at least this many outputs, for images that small. */
  private static final int MIN_RUN = 512;

  public int phasesH() {
    return Math.min(sh, kh);
  }

  public int phasesW() {
    return Math.min(sw, kw);
  }

  /** Rows and columns of one phase plane: as many as the taps read. */
  public int hq() {
    return ho + (kh - 1) / sh;
  }

  public int wq() {
    return wo + (kw - 1) / sw;
  }

  public int plane() {
    return hq() * wq();
  }

  /** Images whose planes one run covers. */
  public int imagesPerRun(int batch) {
    return Math.max(1, Math.min(batch, (MIN_RUN + plane() - 1) / plane()));
  }

  /**
   * The length of one run over {@code images} images: to the last output row of the last, in whole
   * register tiles.
   */
  public int runLength(int images) {
    int n = (images - 1) * plane() + ho * wq();
    return Math.max(Simd.gatherLength(n), Simd.gatherHamiltonLength(n));
  }

  /** Floats between the grids of consecutive output channels. */
  public int gridStride(int images) {
    return Math.max(runLength(images), Simd.wholeVectors(images * plane()));
  }

  /** Floats of the phase copy of {@code images} images, with room for the runs' overrun. */
  public int phaseCopySize(int images) {
    int n = (images - 1) * plane() + ho * wq();
    return phasesH() * phasesW() * c * images * plane() + kw + runLength(images) - n + Simd.LANES;
  }

  /** Which (phase, channel) block tap (channel, ky, kx) reads: multiply by the block size. */
  public int tapBlock(int channel, int ky, int kx) {
    int phase = (ky % sh) * phasesW() + (kx % sw);
    return phase * c + channel;
  }

  /** Where in its block tap (ky, kx) starts. */
  public int tapShift(int ky, int kx) {
    return (ky / sh) * wq() + kx / sw;
  }

  /** Writes the phase copy of images [b0, b0 + images) of x ([batch, c, h, w]) into p. */
  public void phaseCopy(float[] x, int b0, int images, float[] p) {
    int hq = hq();
    int wq = wq();
    int plane = plane();
    int pw = phasesW();
    int imageSize = c * h * w;
    for (int ph = 0; ph < phasesH(); ph++) {
      for (int pc = 0; pc < pw; pc++) {
        int phase = ph * pw + pc;
        // the columns of this phase that fall inside the image: ix = qx * sw + pc - padLeft in [0,
        // w)
        int first = Math.max(0, ceilDiv(padLeft - pc, sw));
        int last = Math.min(wq, ceilDiv(w + padLeft - pc, sw)); // exclusive
        for (int ch = 0; ch < c; ch++) {
          for (int b = 0; b < images; b++) {
            int base = ((phase * c + ch) * images + b) * plane;
            int src = (b0 + b) * imageSize + ch * h * w;
            for (int qy = 0; qy < hq; qy++) {
              int row = base + qy * wq;
              int iy = qy * sh + ph - padTop;
              if (iy < 0 || iy >= h || first >= last) {
                java.util.Arrays.fill(p, row, row + wq, 0f);
                continue;
              }
              java.util.Arrays.fill(p, row, row + first, 0f);
              int srcRow = src + iy * w;
              if (sw == 1) {
                System.arraycopy(x, srcRow + first + pc - padLeft, p, row + first, last - first);
              } else {
                for (int qx = first; qx < last; qx++) {
                  p[row + qx] = x[srcRow + qx * sw + pc - padLeft];
                }
              }
              java.util.Arrays.fill(p, row + last, row + wq, 0f);
            }
          }
        }
      }
    }
    int end = phasesH() * pw * c * images * plane;
    java.util.Arrays.fill(p, end, Math.min(p.length, phaseCopySize(images)), 0f);
  }

  /**
   * Writes {@code act(scale * grid + bias)} of images [b0, b0 + images) from their grids (output
   * channel oc of image b at {@code grid[go + oc * gridStride(images) + b * plane()]}) into y
   * ([batch, o, ho, wo]).
   */
  public void epilogue(
      float[] grid,
      int go,
      int b0,
      int images,
      float[] y,
      float[] scale,
      float[] bias,
      Activation act) {
    int out = ho * wo;
    int wq = wq();
    int stride = gridStride(images);
    for (int b = 0; b < images; b++) {
      for (int oc = 0; oc < o; oc++) {
        float s = scale == null ? 1f : scale[oc];
        float t = bias == null ? 0f : bias[oc];
        int dst = ((b0 + b) * o + oc) * out;
        int src = go + oc * stride + b * plane();
        for (int oy = 0; oy < ho; oy++) {
          int d = dst + oy * wo;
          int g = src + oy * wq;
          for (int ox = 0; ox < wo; ox++) {
            y[d + ox] = s * grid[g + ox] + t;
          }
        }
        act.apply(y, dst, dst + out);
      }
    }
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }
}

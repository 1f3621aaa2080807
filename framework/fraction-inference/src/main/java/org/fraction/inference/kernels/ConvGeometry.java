package org.fraction.inference.kernels;

/**
 * The shapes of a 2-D convolution and the padded, stride-split copy of an input image that the
 * direct kernels read.
 *
 * <p>For stride s the padded image is split into s x s phases (rows and columns of each residue
 * mod s), so that every kernel tap reads one phase at a fixed offset: output (y, x) of tap (ky, kx)
 * reads phase (ky mod s, kx mod s) at (y + ky / s, x + kx / s). With phase rows of {@code wq}
 * values, a tap is then one contiguous run over all outputs laid out on rows of {@code wq} (the
 * "grid"; its columns from {@code wo} on are never used). Only the phases some tap reads are made.
 *
 * @param c input channels
 * @param h input height
 * @param w input width
 * @param o output channels
 * @param padTop zero rows above
 * @param padLeft zero columns on the left
 */
public record ConvGeometry(int c, int h, int w, int o, int kh, int kw, int sh, int sw, int padTop, int padLeft, int ho, int wo) {

  /** Phases along each axis that some tap reads. */
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

  /** Outputs of one channel on the grid. */
  public int grid() {
    return ho * wq();
  }

  /** Whether the input image can be read as it is (a 1x1 kernel, stride 1, no padding). */
  public boolean readsInputDirectly() {
    return kh == 1 && kw == 1 && sh == 1 && sw == 1 && padTop == 0 && padLeft == 0 && ho == h && wo == w;
  }

  /** Floats of the phase copy of one image, with room for the last tap's overrun. */
  public int phaseCopySize() {
    return phasesH() * phasesW() * c * hq() * wq() + kw;
  }

  /** Where tap (channel, ky, kx) starts in the phase copy (or in the image when read directly). */
  public int tapOffset(int channel, int ky, int kx) {
    int plane = hq() * wq();
    int phase = (ky % sh) * phasesW() + (kx % sw);
    return (phase * c + channel) * plane + (ky / sh) * wq() + kx / sw;
  }

  /** Offset between consecutive channels in the phase copy. */
  public int channelStride() {
    return hq() * wq();
  }

  /** Writes the phase copy of the image at {@code x[xo..]} ([c, h, w]) into {@code p}. */
  public void phaseCopy(float[] x, int xo, float[] p) {
    int hq = hq();
    int wq = wq();
    int plane = hq * wq;
    int pw = phasesW();
    for (int ph = 0; ph < phasesH(); ph++) {
      for (int pc = 0; pc < pw; pc++) {
        int phase = ph * pw + pc;
        // the columns of this phase that fall inside the image: ix = qx * sw + pc - padLeft in [0, w)
        int first = Math.max(0, ceilDiv(padLeft - pc, sw));
        int last = Math.min(wq, ceilDiv(w + padLeft - pc, sw)); // exclusive
        for (int ch = 0; ch < c; ch++) {
          int base = (phase * c + ch) * plane;
          int src = xo + ch * h * w;
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
    int end = phasesH() * pw * c * plane;
    java.util.Arrays.fill(p, end, Math.min(p.length, end + kw), 0f);
  }

  /**
   * Writes {@code act(scale * grid + bias)} of one image's output channels (channel planes of
   * {@code ho} rows of {@code rowStride} from {@code grid[go..]}) into the image tensor at
   * {@code y[yo..]} ([o, ho, wo]).
   */
  public void epilogue(float[] grid, int go, int rowStride, float[] y, int yo, float[] scale, float[] bias,
      org.fraction.inference.Activation act) {
    int plane = ho * wo;
    for (int oc = 0; oc < o; oc++) {
      float s = scale == null ? 1f : scale[oc];
      float b = bias == null ? 0f : bias[oc];
      int dst = yo + oc * plane;
      int src = go + oc * ho * rowStride;
      for (int oy = 0; oy < ho; oy++) {
        int d = dst + oy * wo;
        int g = src + oy * rowStride;
        if (scale == null) {
          for (int ox = 0; ox < wo; ox++) {
            y[d + ox] = grid[g + ox] + b;
          }
        } else {
          for (int ox = 0; ox < wo; ox++) {
            y[d + ox] = s * grid[g + ox] + b;
          }
        }
      }
      act.apply(y, dst, dst + plane);
    }
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }
}

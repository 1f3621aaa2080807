package org.fraction.inference;

/**
 * What a model takes and how images become its input: images of {@code height x width x channels}
 * 8-bit values (channels planar, as the data sets store them) are scaled to [0, 1], standardised
 * per channel when {@code mean} and {@code std} are given, and, when the network takes four
 * channels of a one- or three-channel image, given the fourth: grey images are repeated into all
 * four, colour images get their ITU-R BT.601 grey value (0.299 R + 0.587 G + 0.114 B) after R, G,
 * B.
 *
 * @param mean per-channel mean in [0, 1] units, or null for none
 * @param std per-channel standard deviation, or null for none
 */
public record InputSpec(
    int height, int width, int channels, int networkChannels, double[] mean, double[] std) {

  public static final float[] BT601 = {0.299f, 0.587f, 0.114f};

  public InputSpec {
    if (height <= 0 || width <= 0 || channels <= 0) {
      throw new IllegalArgumentException(
          "input shape must be positive, got " + height + "x" + width + "x" + channels);
    }
    if (!(networkChannels == channels
        || (networkChannels == 4 && (channels == 1 || channels == 3)))) {
      throw new IllegalArgumentException(
          "cannot feed " + channels + "-channel images to a network taking " + networkChannels);
    }
    if ((mean == null) != (std == null)
        || (mean != null && (mean.length != channels || std.length != channels))) {
      throw new IllegalArgumentException("mean and std must both be given, one value per channel");
    }
    mean = mean == null ? null : mean.clone();
    std = std == null ? null : std.clone();
  }

  /** Bytes of one image as the data sets store it. */
  public int imageBytes() {
    return height * width * channels;
  }

  /** Floats of one image as the network takes it. */
  public int networkValues() {
    return height * width * networkChannels;
  }

  public String shape() {
    return height + "x" + width + "x" + channels;
  }

  /** An encoder with the constants precomputed. */
  public Encoder encoder() {
    return new Encoder(this);
  }

  /** Turns 8-bit planar images into network input, with the same float arithmetic training used. */
  public static final class Encoder {
    private final InputSpec spec;
    private final float[] mean;
    private final float[] invStd;

    private Encoder(InputSpec spec) {
      this.spec = spec;
      this.mean = new float[spec.channels];
      this.invStd = new float[spec.channels];
      for (int c = 0; c < spec.channels; c++) {
        mean[c] = spec.mean == null ? 0f : (float) spec.mean[c];
        invStd[c] = spec.std == null ? 1f : (float) (1.0 / spec.std[c]);
      }
    }

    /**
     * Encodes one image from {@code src[srcOffset..]} into {@code dst[dstOffset..]} (CHW, network
     * channels).
     */
    public void encode(byte[] src, int srcOffset, float[] dst, int dstOffset) {
      int plane = spec.height * spec.width;
      int dc = spec.channels;
      for (int c = 0; c < dc; c++) {
        float m = mean[c];
        float s = invStd[c];
        int in = srcOffset + c * plane;
        int out = dstOffset + c * plane;
        for (int p = 0; p < plane; p++) {
          dst[out + p] = ((src[in + p] & 0xFF) * (1f / 255f) - m) * s;
        }
      }
      if (spec.networkChannels == dc) {
        return;
      }
      if (dc == 1) {
        for (int c = 1; c < 4; c++) {
          System.arraycopy(dst, dstOffset, dst, dstOffset + c * plane, plane);
        }
        return;
      }
      int r = dstOffset;
      int g = r + plane;
      int b = g + plane;
      int k = b + plane;
      for (int p = 0; p < plane; p++) {
        dst[k + p] = BT601[0] * dst[r + p] + BT601[1] * dst[g + p] + BT601[2] * dst[b + p];
      }
    }
  }
}

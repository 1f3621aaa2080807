package org.fraction.engine.data;

import org.fraction.spi.model.InputShape;

/**
 * Turns a data set's uint8 image into the float image a network takes: scaled to [0, 1], optionally
 * standardised per channel, then adapted to the network's channel count.
 *
 * <p>Channel rule for 4-channel (quaternion) networks: an RGB image becomes R, G, B and its ITU-R
 * BT.601 grey value (0.299 R + 0.587 G + 0.114 B) as the fourth channel; a grey image g is read as
 * the RGB image (g, g, g), so it becomes (g, g, g, g). Networks that take the data's own channel
 * count get the channels unchanged.
 */
public final class ImageEncoder {

  public static final double[] BT601 = {0.299, 0.587, 0.114};

  private final InputShape data;
  private final InputShape network;
  private final float[] mean;
  private final float[] invStd;

  /**
   * @param mean per-channel mean of the data's channels in [0, 1] units, or null for none
   * @param std per-channel standard deviation, or null for none
   */
  public ImageEncoder(InputShape data, InputShape network, double[] mean, double[] std) {
    if (data.height() != network.height() || data.width() != network.width()) {
      throw new IllegalArgumentException(
          "network input " + network + " does not match data " + data);
    }
    if (!supported(data.channels(), network.channels())) {
      throw new IllegalArgumentException(
          "cannot feed "
              + data.channels()
              + "-channel images to a network taking "
              + network.channels()
              + " channels");
    }
    this.data = data;
    this.network = network;
    int c = data.channels();
    this.mean = new float[c];
    this.invStd = new float[c];
    for (int n = 0; n < c; n++) {
      this.mean[n] = mean == null ? 0f : (float) mean[n];
      this.invStd[n] = std == null ? 1f : (float) (1.0 / std[n]);
    }
  }

  public static boolean supported(int dataChannels, int networkChannels) {
    return dataChannels == networkChannels
        || (networkChannels == 4 && (dataChannels == 1 || dataChannels == 3));
  }

  public InputShape network() {
    return network;
  }

  /** The data set's image shape. */
  public InputShape data() {
    return data;
  }

  /**
   * Encodes one image from {@code src[srcOffset..]} into {@code dst[dstOffset..]} (network size).
   */
  public void encode(byte[] src, int srcOffset, float[] dst, int dstOffset) {
    int plane = data.height() * data.width();
    int dc = data.channels();
    for (int c = 0; c < dc; c++) {
      float m = mean[c];
      float s = invStd[c];
      int in = srcOffset + c * plane;
      int out = dstOffset + c * plane;
      for (int p = 0; p < plane; p++) {
        dst[out + p] = ((src[in + p] & 0xFF) * (1f / 255f) - m) * s;
      }
    }
    if (network.channels() == dc) {
      return;
    }
    if (dc == 1) {
      for (int c = 1; c < 4; c++) {
        System.arraycopy(dst, dstOffset, dst, dstOffset + c * plane, plane);
      }
      return;
    }
    int r = dstOffset;
    int g = dstOffset + plane;
    int b = dstOffset + 2 * plane;
    int k = dstOffset + 3 * plane;
    float wr = (float) BT601[0];
    float wg = (float) BT601[1];
    float wb = (float) BT601[2];
    for (int p = 0; p < plane; p++) {
      dst[k + p] = wr * dst[r + p] + wg * dst[g + p] + wb * dst[b + p];
    }
  }
}

package org.fraction.engine.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.fraction.spi.model.InputShape;

/**
 * Pads the image with {@code padding} black pixels on every side and crops it back to its size at a
 * uniformly random offset (the CIFAR augmentation of He et al. 2016). Works in place: the crop is a
 * shift by (dx, dy) in [-padding, padding] with black where it uncovers the border.
 */
public final class RandomCrop implements ImageTransform {

  private final int padding;

  public RandomCrop(int padding) {
    if (padding < 0) {
      throw new IllegalArgumentException("padding must be >= 0, got " + padding);
    }
    this.padding = padding;
  }

  @Override
  public void apply(byte[] image, int offset, InputShape shape, SplittableRandom random) {
    int dx = random.nextInt(2 * padding + 1) - padding;
    int dy = random.nextInt(2 * padding + 1) - padding;
    shift(image, offset, shape, dx, dy);
  }

  /** Output pixel (y, x) becomes input pixel (y + dy, x + dx), black where that lies outside. */
  static void shift(byte[] image, int offset, InputShape shape, int dx, int dy) {
    if (dx == 0 && dy == 0) {
      return;
    }
    int h = shape.height();
    int w = shape.width();
    int x0 = Math.max(0, -dx);
    int x1 = Math.min(w, w - dx);
    for (int c = 0; c < shape.channels(); c++) {
      int plane = offset + c * h * w;
      // Rows are written in the order that reads each source row before it is overwritten.
      for (int k = 0; k < h; k++) {
        int y = dy > 0 ? k : h - 1 - k;
        int row = plane + y * w;
        int sy = y + dy;
        if (sy < 0 || sy >= h || x1 <= x0) {
          Arrays.fill(image, row, row + w, (byte) 0);
          continue;
        }
        System.arraycopy(image, plane + sy * w + x0 + dx, image, row + x0, x1 - x0);
        Arrays.fill(image, row, row + x0, (byte) 0);
        Arrays.fill(image, row + x1, row + w, (byte) 0);
      }
    }
  }
}

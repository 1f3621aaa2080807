package org.fraction.engine.data;

import java.util.SplittableRandom;
import org.fraction.spi.model.InputShape;

/** Mirrors the image left-right with probability 1/2. */
public final class HorizontalFlip implements ImageTransform {

  @Override
  public void apply(byte[] image, int offset, InputShape shape, SplittableRandom random) {
    if (random.nextBoolean()) {
      flip(image, offset, shape);
    }
  }

  static void flip(byte[] image, int offset, InputShape shape) {
    int w = shape.width();
    int rows = shape.height() * shape.channels();
    for (int r = 0; r < rows; r++) {
      int start = offset + r * w;
      for (int a = start, b = start + w - 1; a < b; a++, b--) {
        byte t = image[a];
        image[a] = image[b];
        image[b] = t;
      }
    }
  }
}

package org.fraction.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.fraction.spi.model.InputShape;
import org.junit.jupiter.api.Test;

class TransformsTest {

  private static final InputShape SHAPE = new InputShape(5, 7, 3);

  private static byte[] image(InputShape shape) {
    byte[] b = new byte[shape.pixels()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (1 + i % 250);
    }
    return b;
  }

  /** Pads with black and crops at (padding + dx, padding + dy), written plainly. */
  private static byte[] padAndCrop(byte[] in, InputShape s, int dx, int dy) {
    byte[] out = new byte[in.length];
    for (int c = 0; c < s.channels(); c++) {
      for (int y = 0; y < s.height(); y++) {
        for (int x = 0; x < s.width(); x++) {
          int sy = y + dy;
          int sx = x + dx;
          boolean inside = sy >= 0 && sy < s.height() && sx >= 0 && sx < s.width();
          out[(c * s.height() + y) * s.width() + x] =
              inside ? in[(c * s.height() + sy) * s.width() + sx] : 0;
        }
      }
    }
    return out;
  }

  @Test
  void theInPlaceShiftEqualsPaddingThenCroppingForEveryOffset() {
    for (int dy = -6; dy <= 6; dy++) {
      for (int dx = -8; dx <= 8; dx++) {
        byte[] img = image(SHAPE);
        byte[] expected = padAndCrop(img, SHAPE, dx, dy);
        byte[] work = new byte[img.length + 10];
        System.arraycopy(img, 0, work, 5, img.length);
        RandomCrop.shift(work, 5, SHAPE, dx, dy);
        assertThat(Arrays.copyOfRange(work, 5, 5 + img.length))
            .as("dx " + dx + " dy " + dy)
            .isEqualTo(expected);
        assertThat(Arrays.copyOfRange(work, 0, 5)).containsOnly(0);
        assertThat(Arrays.copyOfRange(work, 5 + img.length, work.length)).containsOnly(0);
      }
    }
  }

  @Test
  void cropOffsetsCoverTheWholePaddingUniformly() {
    RandomCrop crop = new RandomCrop(2);
    InputShape one = new InputShape(5, 5, 1);
    int[] seen = new int[25];
    SplittableRandom r = new SplittableRandom(4);
    for (int n = 0; n < 25_000; n++) {
      byte[] img = new byte[25];
      img[12] = 1; // the centre pixel moves to (2 - dy, 2 - dx)
      crop.apply(img, 0, one, r);
      for (int p = 0; p < 25; p++) {
        if (img[p] == 1) {
          seen[p]++;
        }
      }
    }
    for (int count : seen) {
      assertThat(count).isBetween(800, 1200);
    }
  }

  @Test
  void flipMirrorsEachRowOfEachChannel() {
    byte[] img = image(SHAPE);
    byte[] flipped = img.clone();
    HorizontalFlip.flip(flipped, 0, SHAPE);
    for (int row = 0; row < SHAPE.height() * SHAPE.channels(); row++) {
      for (int x = 0; x < SHAPE.width(); x++) {
        assertThat(flipped[row * 7 + x]).isEqualTo(img[row * 7 + 6 - x]);
      }
    }
    HorizontalFlip.flip(flipped, 0, SHAPE);
    assertThat(flipped).isEqualTo(img);
  }

  @Test
  void flipHappensAboutHalfTheTime() {
    HorizontalFlip flip = new HorizontalFlip();
    SplittableRandom r = new SplittableRandom(9);
    int flips = 0;
    byte[] original = image(SHAPE);
    for (int n = 0; n < 10_000; n++) {
      byte[] img = original.clone();
      flip.apply(img, 0, SHAPE, r);
      flips += Arrays.equals(img, original) ? 0 : 1;
    }
    assertThat(flips).isBetween(4_800, 5_200);
  }

  @Test
  void augmentationIsDeterministicForASeedAndDiffersAcrossSeeds() {
    List<ImageTransform> t = List.of(new RandomCrop(2), new HorizontalFlip());
    byte[][] a = run(t, 1);
    byte[][] b = run(t, 1);
    byte[][] c = run(t, 2);
    assertThat(a).isDeepEqualTo(b);
    assertThat(Arrays.deepEquals(a, c)).isFalse();
  }

  private static byte[][] run(List<ImageTransform> transforms, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[][] out = new byte[20][];
    for (int n = 0; n < out.length; n++) {
      out[n] = image(SHAPE);
      for (ImageTransform t : transforms) {
        t.apply(out[n], 0, SHAPE, r);
      }
    }
    return out;
  }
}

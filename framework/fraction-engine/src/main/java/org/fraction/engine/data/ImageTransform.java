package org.fraction.engine.data;

import java.util.SplittableRandom;
import org.fraction.spi.model.InputShape;

/**
 * A random training-time change of a data set's uint8 image (planar channel-major, the data's own
 * shape), applied before encoding; never applied to test images. Each call draws the same number of
 * values from {@code random} whatever it decides, so an epoch's augmentation depends only on its
 * seed and the order of the images.
 */
public interface ImageTransform {

  /** Transforms the image at {@code image[offset..]} of the given shape in place. */
  void apply(byte[] image, int offset, InputShape shape, SplittableRandom random);
}

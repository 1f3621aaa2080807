package org.fraction.engine.data;

import java.util.SplittableRandom;
import org.fraction.spi.model.InputShape;

/** A random training-time change of an encoded image (crop, flip); never applied to test images. */
public interface ImageTransform {

  /** Transforms the image at {@code image[offset..]} of the given shape in place. */
  void apply(float[] image, int offset, InputShape shape, SplittableRandom random);
}

package org.fraction.engine.settings;

import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;
import org.fraction.spi.settings.InvalidSetting;

/** The engine's keys of the {@code dataset} block: how images are normalised and augmented. */
public record DatasetKeys(
    @Doc(
            "none: pixels scaled to [0, 1]; published: standardised per channel with the data set's"
                + " published mean and std; computed: with the mean and std of this copy's training"
                + " images")
        Normalize normalize,
    @Doc(
            "random changes of training images (never test images), e.g. {crop-padding: 4, flip:"
                + " true}; none if absent")
        Augment augment) {

  public enum Normalize {
    NONE,
    PUBLISHED,
    COMPUTED
  }

  /** Training-time augmentation, applied in this order: random crop, then horizontal flip. */
  public record Augment(
      @Doc(
              "pad each side with this many black pixels, then crop back to the original size at a"
                  + " random offset; 0: no crop")
          Integer cropPadding,
      @Doc("mirror left-right with probability 1/2") Boolean flip) {

    public static final Augment NONE = new Augment(0, false);

    public Augment {
      cropPadding = Check.nonNegative("crop-padding", Check.orDefault(cropPadding, 0));
      flip = Check.orDefault(flip, false);
      if (cropPadding > 64) {
        throw new InvalidSetting("crop-padding", "must be at most 64 pixels, got " + cropPadding);
      }
    }

    public boolean isNone() {
      return cropPadding == 0 && !flip;
    }
  }

  public DatasetKeys {
    normalize = normalize == null ? Normalize.NONE : normalize;
    augment = augment == null ? Augment.NONE : augment;
  }
}

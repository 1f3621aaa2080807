package org.fraction.engine.settings;

import java.nio.file.Path;
import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;
import org.fraction.spi.settings.InvalidSetting;

/**
 * The {@code transfer} block: the trial's round 0 trains another trial's ticket (its mask at a
 * round, and optionally its rewind weights) instead of the dense network.
 */
public record TransferSettings(
    @Doc("the source trial's directory, e.g. runs/mnist/3f2a91c0") Path from,
    @Doc("the source's round whose mask is taken") Integer round,
    @Doc(
            "fresh (this trial's own initial weights, default) or rewind (the source's rewind"
                + " weights)")
        Weights weights,
    @Doc(
            "a random mask of the source's layer-wise density instead of its mask: the control"
                + " (default false)")
        Boolean randomMask) {

  /** Where the transferred ticket's weights come from. */
  public enum Weights {
    FRESH,
    REWIND
  }

  public TransferSettings {
    Check.required("from", from);
    Check.required("round", round);
    if (round < 0) {
      throw new InvalidSetting("round", "must be a round number (0, 1, ...), got " + round);
    }
    weights = weights == null ? Weights.FRESH : weights;
    randomMask = Check.orDefault(randomMask, false);
  }
}

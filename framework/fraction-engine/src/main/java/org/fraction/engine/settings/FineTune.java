package org.fraction.engine.settings;

import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;

/**
 * The {@code pruning.fine-tune} block: how rounds after the first train under {@code retrain:
 * fine-tune}.
 */
public record FineTune(
    @Doc("epochs of each pruned round (required for retrain: fine-tune)") Integer epochs,
    @Doc("the constant learning rate; default the schedule's rate at the dense round's last step")
        Double lr) {

  public FineTune {
    if (epochs != null) {
      Check.positive("epochs", epochs);
    }
    if (lr != null) {
      Check.positive("lr", lr);
    }
  }
}

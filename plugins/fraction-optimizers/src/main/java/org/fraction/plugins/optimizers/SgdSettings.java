package org.fraction.plugins.optimizers;

import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;
import org.fraction.spi.settings.InvalidSetting;

/** Settings of {@code sgd}. */
public record SgdSettings(
    @Doc("learning rate") Double lr,
    @Doc("momentum factor, 0 for none") Double momentum,
    @Doc("Nesterov momentum (needs momentum > 0)") Boolean nesterov,
    @Doc("L2 penalty added to the gradient, as PyTorch's weight_decay") Double weightDecay) {

  public SgdSettings {
    Check.positive("lr", Check.required("lr", lr));
    momentum = Check.orDefault(momentum, 0.0);
    Check.closedInterval("momentum", momentum, 0, 0.999999);
    nesterov = Check.orDefault(nesterov, false);
    if (nesterov && momentum == 0) {
      throw new InvalidSetting("nesterov", "needs momentum > 0");
    }
    weightDecay = Check.nonNegative("weight-decay", Check.orDefault(weightDecay, 0.0));
  }
}

package org.fraction.plugins.optimizers;

import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;

/** Settings of {@code adam}. */
public record AdamSettings(
    @Doc("learning rate") Double lr,
    @Doc("decay of the first moment") Double beta1,
    @Doc("decay of the second moment") Double beta2,
    @Doc("added to the denominator for stability") Double epsilon,
    @Doc("L2 penalty added to the gradient, as PyTorch's weight_decay") Double weightDecay) {

  public AdamSettings {
    Check.positive("lr", Check.required("lr", lr));
    beta1 = Check.orDefault(beta1, 0.9);
    Check.closedInterval("beta1", beta1, 0, 0.999999);
    beta2 = Check.orDefault(beta2, 0.999);
    Check.closedInterval("beta2", beta2, 0, 0.99999999);
    epsilon = Check.positive("epsilon", Check.orDefault(epsilon, 1e-8));
    weightDecay = Check.nonNegative("weight-decay", Check.orDefault(weightDecay, 0.0));
  }
}

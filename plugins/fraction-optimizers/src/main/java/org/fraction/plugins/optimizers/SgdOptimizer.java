package org.fraction.plugins.optimizers;

import org.fraction.spi.optim.Optimizer;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/** {@code sgd}: plain SGD, or PyTorch's heavy-ball / Nesterov momentum. */
final class SgdOptimizer implements Optimizer {

  private final SgdSettings settings;

  SgdOptimizer(SgdSettings settings) {
    this.settings = settings;
  }

  @Override
  public double learningRate() {
    return settings.lr();
  }

  @Override
  public double weightDecay() {
    return settings.weightDecay();
  }

  @Override
  public IUpdater updater() {
    if (settings.momentum() == 0) {
      return new Sgd(settings.lr());
    }
    return new TorchMomentum(settings.lr(), null, settings.momentum(), settings.nesterov());
  }
}

package org.fraction.plugins.optimizers;

import org.fraction.spi.optim.Optimizer;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/** {@code adam}: Deeplearning4j's Adam with bias correction. */
final class AdamOptimizer implements Optimizer {

  private final AdamSettings settings;

  AdamOptimizer(AdamSettings settings) {
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
    return new Adam(settings.lr(), settings.beta1(), settings.beta2(), settings.epsilon());
  }
}

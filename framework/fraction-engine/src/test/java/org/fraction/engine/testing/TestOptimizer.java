package org.fraction.engine.testing;

import org.fraction.spi.optim.Optimizer;
import org.fraction.spi.settings.Check;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/** Nesterov momentum with L2 weight decay: the hardest case for keeping pruned weights at zero. */
public final class TestOptimizer implements Optimizer {

  public record Settings(Double lr, Double momentum, Double weightDecay) {
    public Settings {
      lr = Check.positive("lr", Check.orDefault(lr, 0.05));
      momentum = Check.orDefault(momentum, 0.9);
      weightDecay = Check.orDefault(weightDecay, 1e-3);
    }
  }

  private final Settings settings;

  public TestOptimizer(Settings settings) {
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
    return new Nesterovs(settings.lr(), settings.momentum());
  }
}

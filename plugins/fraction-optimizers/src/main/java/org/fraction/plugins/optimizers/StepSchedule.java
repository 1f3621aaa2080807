package org.fraction.plugins.optimizers;

import org.fraction.spi.optim.Schedule;

/**
 * PyTorch's MultiStepLR stepped once per epoch: during epoch e (0-based) the factor is gamma to the
 * number of milestones <= e. Milestones [10, 12] with 15 epochs give the base rate for epochs 1-10,
 * gamma for 11-12 and gamma^2 for 13-15 (1-based).
 */
final class StepSchedule implements Schedule {

  private final StepSettings settings;

  StepSchedule(StepSettings settings) {
    this.settings = settings;
  }

  @Override
  public double factor(int epoch, long iteration, long iterationsPerEpoch, int epochs) {
    int passed = 0;
    for (int m : settings.milestones()) {
      if (m <= epoch) {
        passed++;
      }
    }
    return Math.pow(settings.gamma(), passed);
  }
}

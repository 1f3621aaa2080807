package org.fraction.engine.train;

import org.fraction.spi.optim.Schedule;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Adapts a {@link Schedule} to Deeplearning4j's updaters, so that the rate changes inside the
 * updater at no extra cost per step. The iteration is the step within the round.
 */
final class ScheduledLearningRate implements ISchedule {

  private final Schedule schedule;
  private final double base;
  private final long iterationsPerEpoch;
  private final int epochs;

  ScheduledLearningRate(Schedule schedule, double base, long iterationsPerEpoch, int epochs) {
    this.schedule = schedule;
    this.base = base;
    this.iterationsPerEpoch = Math.max(1, iterationsPerEpoch);
    this.epochs = epochs;
  }

  @Override
  public double valueAt(int iteration, int epoch) {
    return at(iteration);
  }

  double at(long iteration) {
    int epoch = (int) Math.min(epochs - 1, iteration / iterationsPerEpoch);
    return base * schedule.factor(epoch, iteration, iterationsPerEpoch, epochs);
  }

  @Override
  public ISchedule clone() {
    return this;
  }
}

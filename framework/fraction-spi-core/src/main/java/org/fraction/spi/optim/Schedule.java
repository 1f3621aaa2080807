package org.fraction.spi.optim;

/**
 * A learning-rate schedule, registered under {@link org.fraction.spi.Kind#SCHEDULE}: a factor of
 * the optimizer's base rate for each step. Every round starts the schedule afresh.
 */
public interface Schedule {

  /**
   * @param epoch the 0-based epoch the step belongs to
   * @param iteration the 0-based step within the round
   * @param iterationsPerEpoch steps in one epoch
   * @param epochs epochs in the round
   * @return the factor applied to the base learning rate
   */
  double factor(int epoch, long iteration, long iterationsPerEpoch, int epochs);
}

package org.fraction.engine.testing;

import org.fraction.spi.optim.Schedule;

/** Halves the learning rate every epoch, so that rates of different steps differ. */
public final class HalvingSchedule implements Schedule {

  public record Settings() {}

  public HalvingSchedule(Settings settings) {}

  @Override
  public double factor(int epoch, long iteration, long iterationsPerEpoch, int epochs) {
    return Math.pow(0.5, epoch);
  }
}

package org.fraction.plugins.optimizers;

import org.fraction.spi.optim.Schedule;

/** Cosine annealing over the round's steps (PyTorch CosineAnnealingLR with T_max = all steps). */
final class CosineSchedule implements Schedule {

  private final CosineSettings settings;

  CosineSchedule(CosineSettings settings) {
    this.settings = settings;
  }

  @Override
  public double factor(int epoch, long iteration, long iterationsPerEpoch, int epochs) {
    double total = Math.max(1, iterationsPerEpoch * (long) epochs);
    double progress = Math.min(1.0, iteration / total);
    double min = settings.minFactor();
    return min + (1 - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}

package org.fraction.engine.settings;

import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;
import org.fraction.spi.settings.InvalidSetting;

/**
 * The {@code pruning.gradual} block (Zhu & Gupta 2017): within a round the mask tightens every
 * {@code every} steps from {@code start} to {@code end}, on a cubic schedule down to the round's
 * planned density.
 */
public record GradualPruning(
    @Doc("the step of the first pruning, <N>it or <N>ep (default 0it)") StepCount start,
    @Doc("the step at which the round's final density is reached, <N>it or <N>ep") StepCount end,
    @Doc("steps between two prunings (Δt), <N>it or <N>ep") StepCount every) {

  public GradualPruning {
    start = start == null ? new StepCount(0, Rewind.Unit.ITERATIONS) : start;
    Check.required("end", end);
    Check.required("every", every);
    if (every.amount() == 0) {
      throw new InvalidSetting("every", "must be at least one step, got " + every);
    }
    if (start.unit() == end.unit() && end.amount() <= start.amount()) {
      throw new InvalidSetting("end", "must come after start (" + start + "), got " + end);
    }
  }

  /** The schedule in steps, for a round with the given steps per epoch. */
  public GradualSchedule inSteps(long iterationsPerEpoch) {
    return new GradualSchedule(
        start.iterations(iterationsPerEpoch),
        end.iterations(iterationsPerEpoch),
        every.iterations(iterationsPerEpoch));
  }
}

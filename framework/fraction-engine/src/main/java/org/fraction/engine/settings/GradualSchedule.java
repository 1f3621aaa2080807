package org.fraction.engine.settings;

/**
 * The cubic sparsity schedule of Zhu & Gupta (2017) in steps: density {@code d_t = d_f + (1 -
 * d_f)(1 - (t - start)/(end - start))^3} at {@code t = start, start + every, ...} and at {@code
 * end}, where it reaches {@code d_f}; the density stays there until the round ends.
 */
public record GradualSchedule(long start, long end, long every) {

  public GradualSchedule {
    if (start < 0 || end <= start || every <= 0) {
      throw new IllegalArgumentException(
          "gradual pruning needs 0 <= start < end and every > 0, got start "
              + start
              + ", end "
              + end
              + ", every "
              + every);
    }
  }

  /** Whether the mask tightens after {@code step} steps. */
  public boolean prunesAt(long step) {
    return step == end || (step >= start && step < end && (step - start) % every == 0);
  }

  /**
   * The density the schedule prescribes after {@code step} steps, for final density {@code
   * finalDensity}.
   */
  public double density(long step, double finalDensity) {
    if (step <= start) {
      return 1.0;
    }
    if (step >= end) {
      return finalDensity;
    }
    double left = 1.0 - (double) (step - start) / (end - start);
    return finalDensity + (1.0 - finalDensity) * left * left * left;
  }
}

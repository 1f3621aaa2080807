package org.fraction.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a ticket or control first falls below the dense network's test accuracy (its trial's round
 * 0), judged on the test accuracy after each round's last epoch.
 *
 * @param dense the dense round's test accuracy, NaN when round 0 is not finished
 * @param lastAbove the last round before the crossing still at or above it, or -1 (for a control
 *     whose first round is already below, the dense round 0 stands in)
 * @param firstBelow the first round below it, or -1 when no finished round is below
 * @param densityAtCrossing the density where the accuracy reaches the dense accuracy, interpolated
 *     linearly in log density between those two rounds; NaN without a crossing, and when the last
 *     round at or above is the dense round itself (the first pruned round is already below)
 * @param densityVsRealAtCrossing the same against the real model's weights
 */
public record Crossing(
    double dense,
    int lastAbove,
    int firstBelow,
    double densityAtCrossing,
    double densityVsRealAtCrossing) {

  public boolean crosses() {
    return firstBelow >= 0;
  }

  public static Crossing of(SeriesReport series, SeriesReport ticket) {
    RoundReport dense =
        ticket.rounds().stream().filter(r -> r.round() == 0).findFirst().orElse(null);
    if (dense == null) {
      return new Crossing(Double.NaN, -1, -1, Double.NaN, Double.NaN);
    }
    double target = dense.row().testAccuracy();
    List<RoundReport> path = new ArrayList<>();
    if (!series.isTicket()) {
      path.add(dense);
    }
    path.addAll(series.rounds());
    RoundReport previous = null;
    for (RoundReport r : path) {
      if (r.row().testAccuracy() < target) {
        if (previous == null) {
          return new Crossing(target, -1, r.round(), Double.NaN, Double.NaN);
        }
        if (previous == dense) {
          return new Crossing(target, 0, r.round(), Double.NaN, Double.NaN);
        }
        double t =
            (target - previous.row().testAccuracy())
                / (r.row().testAccuracy() - previous.row().testAccuracy());
        return new Crossing(
            target,
            previous.round(),
            r.round(),
            logInterpolate(previous.row().density(), r.row().density(), t),
            logInterpolate(previous.row().densityVsReal(), r.row().densityVsReal(), t));
      }
      previous = r;
    }
    return new Crossing(
        target, previous == null ? -1 : previous.round(), -1, Double.NaN, Double.NaN);
  }

  private static double logInterpolate(double a, double b, double t) {
    return Math.exp(Math.log(a) + t * (Math.log(b) - Math.log(a)));
  }
}

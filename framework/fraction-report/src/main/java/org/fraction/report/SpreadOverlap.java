package org.fraction.report;

import java.util.ArrayList;
import java.util.List;
import org.fraction.engine.results.AggregateRow;
import org.fraction.engine.results.Spread;

/**
 * Where the accuracy bands of two seed groups overlap along {@code density_vs_real}. Each band
 * (lower and upper edge of the final test accuracy per round) is taken as linear in log density
 * between rounds; over the density range both groups cover, the ranges where the bands overlap and
 * where they do not are found exactly (the edges' differences are linear on each piece).
 */
public final class SpreadOverlap {

  /**
   * A density range, from the higher density to the lower one, and how the bands lie there.
   *
   * @param above 0 where the bands overlap, 1 where the first group's band lies above the second's,
   *     -1 below
   */
  public record Range(double from, double to, int above) {

    public boolean overlap() {
      return above == 0;
    }
  }

  private record Point(double logX, double lower, double upper) {}

  private SpreadOverlap() {}

  /** Empty when the groups share no density range. */
  public static List<Range> of(List<AggregateRow> a, List<AggregateRow> b, Spread.Band band) {
    List<Point> pa = points(a, band);
    List<Point> pb = points(b, band);
    if (pa.isEmpty() || pb.isEmpty()) {
      return List.of();
    }
    double lo = Math.max(pa.get(0).logX(), pb.get(0).logX());
    double hi = Math.min(pa.get(pa.size() - 1).logX(), pb.get(pb.size() - 1).logX());
    if (lo > hi) {
      return List.of();
    }
    List<Double> cuts = new ArrayList<>();
    cuts.add(lo);
    for (Point p : concat(pa, pb)) {
      if (p.logX() > lo && p.logX() < hi) {
        cuts.add(p.logX());
      }
    }
    cuts.add(hi);
    cuts = cuts.stream().distinct().sorted().toList();
    List<Range> out = new ArrayList<>();
    if (cuts.size() == 1) {
      add(out, lo, lo, status(pa, pb, lo));
      return reversed(out);
    }
    for (int i = 0; i + 1 < cuts.size(); i++) {
      double x0 = cuts.get(i);
      double x1 = cuts.get(i + 1);
      List<Double> splits = new ArrayList<>(List.of(x0));
      for (double root : new double[] {root(pa, pb, x0, x1), root(pb, pa, x0, x1)}) {
        if (root > x0 && root < x1) {
          splits.add(root);
        }
      }
      splits.add(x1);
      splits = splits.stream().distinct().sorted().toList();
      for (int j = 0; j + 1 < splits.size(); j++) {
        double s0 = splits.get(j);
        double s1 = splits.get(j + 1);
        add(out, s0, s1, status(pa, pb, (s0 + s1) / 2));
      }
    }
    return reversed(out);
  }

  private static List<Point> concat(List<Point> a, List<Point> b) {
    List<Point> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static List<Point> points(List<AggregateRow> rows, Spread.Band band) {
    List<Point> out = new ArrayList<>();
    for (AggregateRow r : rows) {
      out.add(
          new Point(
              Math.log(r.densityVsReal().mean()),
              r.testAccuracy().lower(band),
              r.testAccuracy().upper(band)));
    }
    out.sort(java.util.Comparator.comparingDouble(Point::logX));
    return out;
  }

  /** Where b's upper edge meets a's lower edge within [x0, x1], or NaN. */
  private static double root(List<Point> a, List<Point> b, double x0, double x1) {
    double d0 = at(b, x0, true) - at(a, x0, false);
    double d1 = at(b, x1, true) - at(a, x1, false);
    if (d0 == d1 || Math.signum(d0) == Math.signum(d1)) {
      return Double.NaN;
    }
    return x0 + (x1 - x0) * d0 / (d0 - d1);
  }

  private static int status(List<Point> a, List<Point> b, double x) {
    if (at(a, x, false) > at(b, x, true) + 1e-12) {
      return 1;
    }
    return at(b, x, false) > at(a, x, true) + 1e-12 ? -1 : 0;
  }

  /** The band's upper or lower edge at log density x, linear between points. */
  private static double at(List<Point> points, double x, boolean upper) {
    for (int i = 0; i + 1 < points.size(); i++) {
      Point p = points.get(i);
      Point q = points.get(i + 1);
      if (x >= p.logX() && x <= q.logX()) {
        double t = q.logX() == p.logX() ? 0 : (x - p.logX()) / (q.logX() - p.logX());
        double yp = upper ? p.upper() : p.lower();
        double yq = upper ? q.upper() : q.lower();
        return yp + t * (yq - yp);
      }
    }
    Point only = points.get(0);
    return upper ? only.upper() : only.lower();
  }

  private static void add(List<Range> out, double logFrom, double logTo, int above) {
    if (!out.isEmpty() && out.get(out.size() - 1).above() == above) {
      Range last = out.remove(out.size() - 1);
      out.add(new Range(last.from(), Math.exp(logTo), above));
    } else {
      out.add(new Range(Math.exp(logFrom), Math.exp(logTo), above));
    }
  }

  /** Ranges from the highest density down, each written high → low. */
  private static List<Range> reversed(List<Range> ascending) {
    List<Range> out = new ArrayList<>();
    for (int i = ascending.size() - 1; i >= 0; i--) {
      Range r = ascending.get(i);
      out.add(new Range(r.to(), r.from(), r.above()));
    }
    return out;
  }
}

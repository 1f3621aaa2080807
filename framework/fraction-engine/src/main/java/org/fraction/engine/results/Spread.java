package org.fraction.engine.results;

import java.util.List;

/**
 * Mean, sample standard deviation (n − 1 in the denominator), minimum and maximum of one quantity
 * over the seeds of a group.
 *
 * @param std NaN when there is a single value (a sample of one has no spread estimate)
 */
public record Spread(double mean, double std, double min, double max, int n) {

  public static Spread of(List<Double> values) {
    int n = values.size();
    if (n == 0) {
      throw new IllegalArgumentException("no values");
    }
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double mean = sum / n;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return new Spread(mean, n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN, min, max, n);
  }

  /**
   * The lower edge of the band: the minimum, or the mean less one standard deviation (the mean
   * alone for n = 1).
   */
  public double lower(Band band) {
    return band == Band.MIN_MAX ? min : n > 1 ? mean - std : mean;
  }

  public double upper(Band band) {
    return band == Band.MIN_MAX ? max : n > 1 ? mean + std : mean;
  }

  /** The spread drawn around a group's mean. */
  public enum Band {
    MIN_MAX("min-max", "min–max"),
    STD("std", "± 1 std");

    private final String key;
    private final String label;

    Band(String key, String label) {
      this.key = key;
      this.label = label;
    }

    public String label() {
      return label;
    }

    public static Band parse(String text) {
      for (Band b : values()) {
        if (b.key.equalsIgnoreCase(text)) {
          return b;
        }
      }
      throw new IllegalArgumentException("--band must be min-max or std, got '" + text + "'");
    }
  }
}

package org.fraction.spi.settings;

import java.util.List;

/**
 * Validation helpers for settings records' compact constructors. Each returns the value (or its
 * default) so that a constructor reads as one line per key.
 */
public final class Check {

  private Check() {}

  public static <T> T required(String key, T value) {
    if (value == null) {
      throw new InvalidSetting(key, "is required");
    }
    return value;
  }

  public static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  /** Open interval (low, high). */
  public static double openInterval(String key, double value, double low, double high) {
    if (!(value > low && value < high)) {
      throw new InvalidSetting(
          key, "must be in (" + fmt(low) + ", " + fmt(high) + "), got " + fmt(value));
    }
    return value;
  }

  /** Closed interval [low, high]. */
  public static double closedInterval(String key, double value, double low, double high) {
    if (!(value >= low && value <= high)) {
      throw new InvalidSetting(
          key, "must be in [" + fmt(low) + ", " + fmt(high) + "], got " + fmt(value));
    }
    return value;
  }

  public static double positive(String key, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new InvalidSetting(key, "must be > 0, got " + fmt(value));
    }
    return value;
  }

  public static double nonNegative(String key, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new InvalidSetting(key, "must be >= 0, got " + fmt(value));
    }
    return value;
  }

  public static int positive(String key, int value) {
    if (value <= 0) {
      throw new InvalidSetting(key, "must be > 0, got " + value);
    }
    return value;
  }

  public static int nonNegative(String key, int value) {
    if (value < 0) {
      throw new InvalidSetting(key, "must be >= 0, got " + value);
    }
    return value;
  }

  public static <T> List<T> immutable(List<T> values) {
    return values == null ? List.of() : List.copyOf(values);
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}

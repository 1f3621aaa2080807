package org.fraction.engine.settings;

/**
 * Where surviving weights go back to after pruning: their initial values ({@code init}), or their
 * values after the first N steps ({@code 500it}) or epochs ({@code 2ep}) of the dense round.
 */
public record Rewind(long amount, Unit unit) {

  public enum Unit {
    ITERATIONS,
    EPOCHS
  }

  public static final Rewind INIT = new Rewind(0, Unit.ITERATIONS);

  public Rewind {
    if (amount < 0) {
      throw new IllegalArgumentException("rewind point must not be negative");
    }
  }

  public static Rewind parse(String text) {
    String t = text.trim();
    if (t.equals("init") || t.equals("0it") || t.equals("0ep")) {
      return INIT;
    }
    try {
      if (t.endsWith("it")) {
        return new Rewind(Long.parseLong(t.substring(0, t.length() - 2)), Unit.ITERATIONS);
      }
      if (t.endsWith("ep")) {
        return new Rewind(Long.parseLong(t.substring(0, t.length() - 2)), Unit.EPOCHS);
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "must be init, <N>it (steps) or <N>ep (epochs), got '" + text + "'");
  }

  public boolean isInit() {
    return amount == 0;
  }

  /** The rewind point in steps, for a round of the given length. */
  public long iterations(long iterationsPerEpoch) {
    return unit == Unit.EPOCHS ? amount * iterationsPerEpoch : amount;
  }

  @Override
  public String toString() {
    return isInit() ? "init" : amount + (unit == Unit.EPOCHS ? "ep" : "it");
  }
}

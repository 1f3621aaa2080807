package org.fraction.engine.settings;

/** A point in a round, in training steps ({@code 300it}) or whole epochs ({@code 2ep}). */
public record StepCount(long amount, Rewind.Unit unit) {

  public StepCount {
    if (amount < 0) {
      throw new IllegalArgumentException("a step count must not be negative");
    }
  }

  public static StepCount parse(String text) {
    String t = text.trim();
    try {
      if (t.endsWith("it")) {
        return new StepCount(
            Long.parseLong(t.substring(0, t.length() - 2)), Rewind.Unit.ITERATIONS);
      }
      if (t.endsWith("ep")) {
        return new StepCount(Long.parseLong(t.substring(0, t.length() - 2)), Rewind.Unit.EPOCHS);
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "must be <N>it (steps) or <N>ep (epochs), got '" + text + "'");
  }

  /** The point in steps, for a round of the given length. */
  public long iterations(long iterationsPerEpoch) {
    return unit == Rewind.Unit.EPOCHS ? amount * iterationsPerEpoch : amount;
  }

  @Override
  public String toString() {
    return amount + (unit == Rewind.Unit.EPOCHS ? "ep" : "it");
  }
}

package org.fraction.engine.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Where an epoch's wall time goes. The round loop charges the time since the previous charge to the
 * part that just ran, so the parts add up to the epoch (two {@code System.nanoTime} calls per step,
 * nothing else). With {@code FRACTION_PROFILE=1} each epoch's parts are printed as one line on
 * standard error.
 */
public final class EpochClock {

  /** The parts of an epoch. */
  public enum Part {
    DATA_WAIT("data wait"),
    STEPS("steps"),
    MASKS("masks"),
    EVALUATION("evaluation"),
    CHECKPOINT("checkpoint"),
    TRACKING("tracking");

    final String label;

    Part(String label) {
      this.label = label;
    }
  }

  static final boolean PRINT = "1".equals(System.getenv("FRACTION_PROFILE"));

  private final long[] nanos = new long[Part.values().length];
  private long mark = System.nanoTime();

  /** Starts an epoch: clears the parts and sets the mark to now. */
  public void start() {
    java.util.Arrays.fill(nanos, 0);
    mark = System.nanoTime();
  }

  /** Charges the time since the last charge (or the start) to this part. */
  public void charge(Part part) {
    long now = System.nanoTime();
    nanos[part.ordinal()] += now - mark;
    mark = now;
  }

  /** Seconds charged to this part since the start. */
  public double seconds(Part part) {
    return nanos[part.ordinal()] / 1e9;
  }

  /** One line: the epoch and the seconds of each part. */
  public String line(int round, int epoch) {
    StringBuilder s =
        new StringBuilder(String.format(Locale.ROOT, "profile round %d epoch %d:", round, epoch));
    double total = 0;
    for (Part p : Part.values()) {
      s.append(String.format(Locale.ROOT, " %s %.3f s,", p.label, seconds(p)));
      total += seconds(p);
    }
    return s.append(String.format(Locale.ROOT, " total %.3f s", total)).toString();
  }

  /** Prints the line when FRACTION_PROFILE=1. */
  void report(int round, int epoch, PrintStream err) {
    if (PRINT) {
      err.println(line(round, epoch));
    }
  }
}

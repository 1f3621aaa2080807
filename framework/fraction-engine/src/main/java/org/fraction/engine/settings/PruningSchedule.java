package org.fraction.engine.settings;

import java.util.Locale;

/** When a round's mask is made: once after the previous round, or step by step during the round. */
public enum PruningSchedule {
  /** Prune the previous round's trained weights, then retrain (the lottery-ticket loop). */
  ITERATIVE,
  /**
   * Train each round from the initial weights, tightening the mask on the cubic schedule of {@code
   * gradual}.
   */
  GRADUAL;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}

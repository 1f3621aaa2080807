package org.fraction.engine.train;

import org.fraction.engine.backend.NativeThreads;
import org.fraction.engine.plan.Trial;

/** The native thread count for a trial, from its model's multiply-adds per example. */
public final class TrialThreads {

  private TrialThreads() {}

  public static NativeThreads.Choice choose(Trial trial) {
    return NativeThreads.choose(PlannedRounds.of(trial).macs().dense());
  }
}

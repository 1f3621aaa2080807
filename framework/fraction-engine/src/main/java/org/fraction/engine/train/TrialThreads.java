package org.fraction.engine.train;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.fraction.engine.backend.NativeThreads;
import org.fraction.engine.plan.Trial;

/**
 * The native thread count for a trial, from its model's multiply-adds per example. Counting them
 * describes the model's network, so each trial's choice is made once and remembered: {@code run}
 * asks for the first trial's to print it, and the executor again before it trains the trial.
 */
public final class TrialThreads {

  private static final Map<Trial, NativeThreads.Choice> CHOSEN =
      Collections.synchronizedMap(new WeakHashMap<>());

  private TrialThreads() {}

  public static NativeThreads.Choice choose(Trial trial) {
    return CHOSEN.computeIfAbsent(
        trial, t -> NativeThreads.choose(PlannedRounds.of(t).macs().dense()));
  }
}

package org.fraction.engine.train;

import java.nio.file.Path;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.RoundSummary;
import org.fraction.spi.tracking.TrialInfo;
import org.fraction.spi.tracking.TrialStatus;

/** Everything that happens while a trial runs, for progress output and trackers. */
public interface TrialObserver {

  default void trialStarted(TrialInfo trial) {}

  /** A round that was already complete on disk and is not run again. */
  default void roundSkipped(TrialInfo trial, int round) {}

  default void roundStarted(
      TrialInfo trial, int round, double density, int epochs, long batchesPerEpoch) {}

  /** Training resumes from an epoch checkpoint. */
  default void roundResumed(TrialInfo trial, int round, int epochsDone) {}

  default void epochStarted(TrialInfo trial, int round, int epoch) {}

  /** Called after every training step with the running mean loss of the epoch. */
  default void batchFinished(
      TrialInfo trial, long batch, long batches, double meanLoss, long images) {}

  default void epochFinished(TrialInfo trial, int round, EpochMetrics metrics) {}

  default void roundFinished(TrialInfo trial, RoundSummary summary, Path roundFile) {}

  default void trialFinished(TrialInfo trial, TrialStatus status) {}

  /**
   * Something the user should know about the trial's files (a damaged file set aside, a setting
   * changed).
   */
  default void notice(TrialInfo trial, String message) {}

  /** Metrics of an analysis made after a round, e.g. an instability analysis, at {@code step}. */
  default void metrics(TrialInfo trial, java.util.Map<String, Double> values, long step) {}

  /** Forwards every event to each of the given observers, in order. */
  static TrialObserver all(java.util.List<TrialObserver> observers) {
    return new TrialObserver() {
      @Override
      public void trialStarted(TrialInfo t) {
        observers.forEach(o -> o.trialStarted(t));
      }

      @Override
      public void roundSkipped(TrialInfo t, int r) {
        observers.forEach(o -> o.roundSkipped(t, r));
      }

      @Override
      public void roundStarted(TrialInfo t, int r, double d, int e, long b) {
        observers.forEach(o -> o.roundStarted(t, r, d, e, b));
      }

      @Override
      public void roundResumed(TrialInfo t, int r, int e) {
        observers.forEach(o -> o.roundResumed(t, r, e));
      }

      @Override
      public void epochStarted(TrialInfo t, int r, int e) {
        observers.forEach(o -> o.epochStarted(t, r, e));
      }

      @Override
      public void batchFinished(TrialInfo t, long b, long n, double l, long i) {
        observers.forEach(o -> o.batchFinished(t, b, n, l, i));
      }

      @Override
      public void epochFinished(TrialInfo t, int r, EpochMetrics m) {
        observers.forEach(o -> o.epochFinished(t, r, m));
      }

      @Override
      public void roundFinished(TrialInfo t, RoundSummary s, Path f) {
        observers.forEach(o -> o.roundFinished(t, s, f));
      }

      @Override
      public void trialFinished(TrialInfo t, TrialStatus s) {
        observers.forEach(o -> o.trialFinished(t, s));
      }

      @Override
      public void notice(TrialInfo t, String m) {
        observers.forEach(o -> o.notice(t, m));
      }

      @Override
      public void metrics(TrialInfo t, java.util.Map<String, Double> v, long step) {
        observers.forEach(o -> o.metrics(t, v, step));
      }
    };
  }
}

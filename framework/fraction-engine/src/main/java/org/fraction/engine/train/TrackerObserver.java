package org.fraction.engine.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.workflow.Configured;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.RoundSummary;
import org.fraction.spi.tracking.Tracker;
import org.fraction.spi.tracking.TrialInfo;
import org.fraction.spi.tracking.TrialStatus;
import org.fraction.spi.tracking.TrialTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a trial's events to its trackers. A tracker that throws is reported and skipped:
 * tracking never stops training. Every tracker started is closed, even when its {@code finished}
 * throws.
 */
public final class TrackerObserver implements TrialObserver {

  private static final Logger LOG = LoggerFactory.getLogger(TrackerObserver.class);

  private final List<Tracker> trackers;
  private final Map<String, List<TrialTracker>> open = new HashMap<>();

  public TrackerObserver(List<Tracker> trackers) {
    this.trackers = List.copyOf(trackers);
  }

  /**
   * The trackers of one trial, made from its {@code tracking} settings; they live as long as it.
   */
  public static TrackerObserver of(Trial trial) {
    return new TrackerObserver(trial.trackers().stream().map(Configured::create).toList());
  }

  private interface Call {
    void on(TrialTracker t);
  }

  private void each(TrialInfo trial, Call call) {
    for (TrialTracker t : open.getOrDefault(trial.key(), List.of())) {
      try {
        call.on(t);
      } catch (RuntimeException e) {
        LOG.warn("tracker {} failed: {}", t.getClass().getSimpleName(), e.toString());
      }
    }
  }

  @Override
  public void trialStarted(TrialInfo trial) {
    List<TrialTracker> list = new ArrayList<>();
    for (Tracker tracker : trackers) {
      try {
        list.add(tracker.startTrial(trial));
      } catch (RuntimeException e) {
        LOG.warn(
            "tracker {} could not start: {}", tracker.getClass().getSimpleName(), e.toString());
      }
    }
    open.put(trial.key(), list);
  }

  @Override
  public void roundStarted(TrialInfo trial, int round, double density, int epochs, long batches) {
    each(trial, t -> t.roundStarted(round));
  }

  @Override
  public void epochFinished(TrialInfo trial, int round, EpochMetrics metrics) {
    each(trial, t -> t.epochFinished(round, metrics));
  }

  @Override
  public void roundFinished(TrialInfo trial, RoundSummary summary, Path roundFile) {
    each(trial, t -> t.roundFinished(summary, roundFile));
  }

  @Override
  public void metrics(TrialInfo trial, java.util.Map<String, Double> values, long step) {
    each(trial, t -> t.metrics(values, step));
  }

  @Override
  public void trialFinished(TrialInfo trial, TrialStatus status) {
    try {
      each(
          trial,
          t -> {
            try {
              t.finished(status);
            } finally {
              t.close();
            }
          });
    } finally {
      open.remove(trial.key());
    }
  }

  /** What the trackers could not deliver, one line each; empty when all arrived. */
  public List<String> undelivered() {
    List<String> out = new ArrayList<>();
    for (Tracker t : trackers) {
      String u = t.undelivered();
      if (u != null && !u.isBlank()) {
        out.add(u);
      }
    }
    return out;
  }
}

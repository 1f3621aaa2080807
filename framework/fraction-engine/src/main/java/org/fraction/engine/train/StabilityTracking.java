package org.fraction.engine.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.store.StabilityResult;
import org.fraction.engine.workflow.Configured;
import org.fraction.engine.workflow.NoKeys;
import org.fraction.spi.tracking.Tracker;
import org.fraction.spi.tracking.TrialTracker;

/**
 * Hands an instability analysis to a trial's trackers: the barriers as metrics of the trial's run
 * at step = round ({@code stability_error_barrier}, {@code stability_loss_barrier}, with {@code
 * _rewind_<point>} for another rewind point than the trial's and {@code _bn} with recomputed
 * batch-norm statistics), and the path as its own series, step = point index.
 */
public final class StabilityTracking {

  private StabilityTracking() {}

  /** The barriers by metric key. */
  public static Map<String, Double> barriers(StabilityResult r) {
    String suffix = suffix(r);
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("stability_error_barrier" + suffix, r.errorBarrier());
    out.put("stability_loss_barrier" + suffix, r.lossBarrier());
    return out;
  }

  /** The path's metric keys prefix, e.g. {@code stability_path_round_2_init}. */
  public static String pathPrefix(StabilityResult r) {
    return "stability_path_round_"
        + r.round()
        + "_"
        + r.rewind()
        + (r.recomputeBatchNorm() ? "_bn" : "");
  }

  private static String suffix(StabilityResult r) {
    return (r.trialRewind() ? "" : "_rewind_" + r.rewind()) + (r.recomputeBatchNorm() ? "_bn" : "");
  }

  /** Where metrics go: a trial tracker's or a trial observer's {@code metrics}. */
  public interface Sink {
    void metrics(Map<String, Double> values, long step);
  }

  /** Sends the barriers at step = round, then the path at step = point index. */
  public static void send(Sink sink, StabilityResult r) {
    sink.metrics(barriers(r), r.round());
    String prefix = pathPrefix(r);
    for (int i = 0; i < r.points(); i++) {
      sink.metrics(
          Map.of(
              prefix + "_test_error",
              r.testError(i),
              prefix + "_test_loss",
              r.testLoss()[i],
              prefix + "_alpha",
              r.alpha()[i]),
          i);
    }
  }

  /**
   * Reopens the trial's record in each of its trackers and sends the result; returns what went
   * wrong or stayed undelivered, one line per tracker, empty when all arrived.
   */
  public static List<String> publish(Trial trial, Path trialDir, StabilityResult r) {
    List<String> problems = new ArrayList<>();
    for (Configured<NoKeys, Tracker> configured : trial.trackers()) {
      try {
        Tracker tracker = configured.create();
        try (TrialTracker t = tracker.reopenTrial(TrialInfos.of(trial, "", trialDir))) {
          send(t::metrics, r);
        }
        String undelivered = tracker.undelivered();
        if (undelivered != null && !undelivered.isEmpty()) {
          problems.add(configured.typeName() + ": " + undelivered);
        }
      } catch (RuntimeException e) {
        problems.add(
            configured.typeName()
                + ": "
                + (e.getMessage() == null ? e.toString() : e.getMessage()));
      }
    }
    return problems;
  }
}

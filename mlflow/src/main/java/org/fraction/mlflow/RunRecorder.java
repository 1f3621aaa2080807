package org.fraction.mlflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fraction.spi.store.RoundFileSchema;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.RoundSummary;
import org.fraction.spi.tracking.TrialInfo;
import org.fraction.spi.tracking.TrialStatus;

/**
 * Turns one trial's events into journal calls, the same whether they happen live or are read back
 * from the run store by {@code fraction mlflow sync}:
 *
 * <ul>
 *   <li>the trial (or control) is one run, {@code trial}, with every resolved setting as a param
 *       and tags for model, algebra, dataset, pruning, trial id, control and version; per round, at
 *       step = round: test_accuracy, best_test_accuracy, density, density_vs_real,
 *       params_remaining, collapsed_layers (when the round file records it); each round's HDF5 file
 *       under {@code rounds/};
 *   <li>each round is a run nested in it, {@code round-<k>}, with train_loss, test_loss,
 *       test_accuracy, learning_rate, images_per_sec and density (of the mask at the epoch's end)
 *       at step = epoch.
 * </ul>
 *
 * <p>What the journal already holds (from an earlier process, or an earlier sync) is read first and
 * never written again, so a resumed trial or a repeated sync adds only what is new.
 */
final class RunRecorder {

  static final String TRIAL = "trial";
  static final String RUNNING = "RUNNING";

  private final TrialInfo info;
  private final Journal journal;
  private final boolean roundFiles;

  private final Set<String> started = new HashSet<>();
  private final Map<String, String> status = new HashMap<>();
  private final Set<String> params = new HashSet<>();
  private final Set<String> points = new HashSet<>();
  private final Set<String> uploads = new HashSet<>();

  RunRecorder(TrialInfo info, Journal journal, boolean roundFiles) {
    this.info = info;
    this.journal = journal;
    this.roundFiles = roundFiles;
    for (Op op : journal.ops()) {
      remember(op);
    }
  }

  static String round(int k) {
    return "round-" + k;
  }

  private void remember(Op op) {
    if (op instanceof Op.StartRun s) {
      started.add(s.run());
      status.put(s.run(), RUNNING);
    } else if (op instanceof Op.LogParams p) {
      params.addAll(p.params().keySet());
    } else if (op instanceof Op.LogMetrics m) {
      m.points().forEach(pt -> points.add(pointKey(m.run(), pt.key(), pt.step())));
    } else if (op instanceof Op.Upload u) {
      uploads.add(u.run() + "\n" + u.directory() + "\n" + Path.of(u.file()).getFileName());
    } else if (op instanceof Op.SetStatus s) {
      status.put(s.run(), s.status());
    }
  }

  private static String pointKey(String run, String key, long step) {
    return run + "\n" + key + "\n" + step;
  }

  private void append(Op op) {
    try {
      journal.append(op);
    } catch (IOException e) {
      throw new UncheckedIOException("mlflow journal " + journal.file(), e);
    }
    remember(op);
  }

  /** The last status recorded for a run, or null if it was never started. */
  String status(String run) {
    return status.get(run);
  }

  /** The trial starts or resumes: its run and params, unless recorded before. */
  void begin(long time) {
    if (!started.contains(TRIAL)) {
      Map<String, String> tags = tags();
      tags.put(Tags.RUN, TRIAL);
      String description = info.settings().getOrDefault("description", "");
      if (!description.isBlank()) {
        tags.put("mlflow.note.content", description);
      }
      append(new Op.StartRun(TRIAL, null, runName(), tags, time));
    }
    Map<String, String> fresh = new TreeMap<>(info.settings());
    fresh.keySet().removeAll(params);
    if (!fresh.isEmpty()) {
      append(new Op.LogParams(TRIAL, fresh));
    }
  }

  private String runName() {
    String model = info.tags().getOrDefault("model", "");
    String algebra = info.tags().getOrDefault("algebra", "");
    return (info.key() + " " + model + " " + algebra).strip();
  }

  private Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>(info.tags());
    tags.put("workflow", info.workflow());
    tags.put(Tags.WORKFLOW, info.workflow());
    tags.put(Tags.KEY, info.key());
    tags.put("mlflow.source.name", "fraction");
    tags.put("mlflow.source.type", "LOCAL");
    String user = System.getProperty("user.name");
    if (user != null) {
      tags.put("mlflow.user", user);
    }
    return tags;
  }

  /** Marks a run that had ended as running again (its trial or round resumed). */
  private void reopen(String run, long time) {
    String last = status.get(run);
    if (last != null && !last.equals(RUNNING)) {
      append(new Op.SetStatus(run, RUNNING, time));
    }
  }

  void roundStarted(int round, long time) {
    begin(time);
    reopen(TRIAL, time);
    String run = round(round);
    if (!started.contains(run)) {
      Map<String, String> tags = tags();
      tags.put(Tags.RUN, run);
      tags.put("round", Integer.toString(round));
      append(new Op.StartRun(run, TRIAL, run, tags, time));
    } else {
      reopen(run, time);
    }
  }

  void epochFinished(int round, EpochMetrics m, long time) {
    if (!started.contains(round(round)) || !RUNNING.equals(status.get(round(round)))) {
      roundStarted(round, time);
    }
    Map<String, Double> values =
        new java.util.HashMap<>(
            Map.of(
                RoundFileSchema.TRAIN_LOSS, m.trainLoss(),
                RoundFileSchema.TEST_LOSS, m.testLoss(),
                RoundFileSchema.TEST_ACCURACY, m.testAccuracy(),
                RoundFileSchema.LEARNING_RATE, m.learningRate(),
                RoundFileSchema.IMAGES_PER_SEC, m.imagesPerSecond()));
    if (Double.isFinite(m.density())) {
      values.put(RoundFileSchema.DENSITY, m.density());
    }
    logNew(round(round), m.epoch(), time, values);
  }

  /**
   * The round is complete; {@code epochTimes} gives each epoch's time when they were not seen live.
   */
  void roundFinished(RoundSummary s, Path file, long time, List<Long> epochTimes) {
    String run = round(s.round());
    if (!RUNNING.equals(status.get(run)) && !"FINISHED".equals(status.get(run))) {
      roundStarted(s.round(), time);
    }
    for (int i = 0; i < s.epochs().size(); i++) {
      EpochMetrics m = s.epochs().get(i);
      long at = i < epochTimes.size() ? epochTimes.get(i) : time;
      if (!started.contains(run) || !"FINISHED".equals(status.get(run))) {
        epochFinished(s.round(), m, at);
      }
    }
    if (!"FINISHED".equals(status.get(run))) {
      append(new Op.SetStatus(run, "FINISHED", time));
    }
    Map<String, Double> summary = new LinkedHashMap<>();
    summary.put(RoundFileSchema.TEST_ACCURACY, s.testAccuracy());
    summary.put(RoundFileSchema.BEST_TEST_ACCURACY, s.bestTestAccuracy());
    summary.put(RoundFileSchema.DENSITY, s.density());
    summary.put(RoundFileSchema.DENSITY_VS_REAL, s.densityVsReal());
    summary.put(RoundFileSchema.PARAMS_REMAINING, (double) s.paramsRemaining());
    if (s.collapsedLayers() != null) {
      summary.put(RoundFileSchema.COLLAPSED_LAYERS, (double) s.collapsedLayers());
    }
    logNew(TRIAL, s.round(), time, summary);
    if (roundFiles) {
      upload(file, "rounds");
    }
  }

  /** Metrics of an analysis on the trial's run, each point once. */
  void metrics(Map<String, Double> values, long step, long time) {
    logNew(TRIAL, step, time, values);
  }

  /** A file for the trial's run, e.g. a report plot. */
  void artifact(Path file, String directory) {
    upload(file, directory);
  }

  private void upload(Path file, String directory) {
    String key = TRIAL + "\n" + directory + "\n" + file.getFileName();
    if (!uploads.contains(key)) {
      append(new Op.Upload(TRIAL, journal.name(file), directory));
    }
  }

  private void logNew(String run, long step, long time, Map<String, Double> values) {
    List<Op.Point> fresh = new ArrayList<>();
    values.forEach(
        (k, v) -> {
          if (!points.contains(pointKey(run, k, step))) {
            fresh.add(new Op.Point(k, v, step, time));
          }
        });
    if (!fresh.isEmpty()) {
      append(new Op.LogMetrics(run, fresh));
    }
  }

  /** The trial ended: its run, and a round's run still open, end with the same status. */
  void finished(TrialStatus ending, long time) {
    String end = ending.name();
    if (!started.contains(TRIAL)) {
      begin(time);
    }
    List<String> open = new ArrayList<>();
    status.forEach(
        (run, st) -> {
          if (!run.equals(TRIAL) && st.equals(RUNNING)) {
            open.add(run);
          }
        });
    open.sort(null);
    for (String run : open) {
      append(new Op.SetStatus(run, end, time));
    }
    if (!end.equals(status.get(TRIAL))) {
      append(new Op.SetStatus(TRIAL, end, time));
    }
  }
}

package org.fraction.mlflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.RoundSummary;
import org.fraction.spi.tracking.Tracker;
import org.fraction.spi.tracking.TrialInfo;
import org.fraction.spi.tracking.TrialStatus;
import org.fraction.spi.tracking.TrialTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mlflow} tracker: each event is written to the trial's journal first, then delivered by
 * a {@link Courier} in the background. When the server is away, training goes on and the calls
 * wait; what is still undelivered at the end is named, and {@code fraction mlflow sync} sends it.
 */
final class MlflowTracker implements Tracker {

  private static final Logger LOG = LoggerFactory.getLogger(MlflowTracker.class);
  private static final TrialTracker OFF = status -> {};

  private final MlflowSettings settings;
  private final Function<String, String> environment;
  private final List<Courier.Lane> lanes = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private Courier courier;

  MlflowTracker(MlflowSettings settings, Function<String, String> environment) {
    this.settings = settings;
    this.environment = environment;
  }

  @Override
  public TrialTracker startTrial(TrialInfo trial) {
    return open(trial, false);
  }

  /**
   * Adds files to a trial's run without touching its status. A trial that ran without tracking has
   * no run to add them to: that is named, and {@code fraction mlflow sync} makes the run.
   */
  @Override
  public TrialTracker reopenTrial(TrialInfo trial) {
    return open(trial, true);
  }

  private synchronized TrialTracker open(TrialInfo trial, boolean reopen) {
    if (settings.uri() == null) {
      LOG.warn(
          "mlflow: no tracking URI (tracking.mlflow.uri or MLFLOW_TRACKING_URI): {} is not tracked",
          trial.key());
      return OFF;
    }
    Journal journal;
    try {
      journal = Journal.open(trial.directory());
    } catch (IOException e) {
      problems.add(trial.key() + ": not tracked: " + e.getMessage());
      LOG.warn("mlflow: {} is not tracked: {}", trial.key(), e.getMessage());
      return OFF;
    }
    try {
      RunRecorder recorder = new RunRecorder(trial, journal, settings.roundFiles());
      if (reopen && recorder.status(RunRecorder.TRIAL) == null) {
        problems.add(
            trial.key()
                + ": ran without tracking, so it has no run to add files to yet: send it with "
                + "fraction mlflow sync "
                + trial.directory().toAbsolutePath().normalize().getParent()
                + ", then add the files again");
        journal.close();
        return OFF;
      }
      if (courier == null) {
        courier = new Courier(TrackingStore.open(settings.uri(), Credentials.from(environment)));
      }
      Courier.Lane lane = courier.add(journal, experiment(trial), trial.key());
      lanes.add(lane);
      if (!reopen) {
        recorder.begin(System.currentTimeMillis());
      }
      courier.poke();
      return new Live(recorder, lane);
    } catch (IOException | RuntimeException e) {
      problems.add(trial.key() + ": not tracked: " + e.getMessage());
      LOG.warn("mlflow: {} is not tracked: {}", trial.key(), e.toString());
      try {
        journal.close();
      } catch (IOException ignored) {
        // already reported
      }
      return OFF;
    }
  }

  private String experiment(TrialInfo trial) {
    return settings.experiment() != null ? settings.experiment() : trial.workflow();
  }

  /** One trial's events, recorded as they come. */
  private final class Live implements TrialTracker {
    private final RunRecorder recorder;
    private final Courier.Lane lane;

    Live(RunRecorder recorder, Courier.Lane lane) {
      this.recorder = recorder;
      this.lane = lane;
    }

    private static long now() {
      return System.currentTimeMillis();
    }

    @Override
    public void roundStarted(int round) {
      recorder.roundStarted(round, now());
      courier.poke();
    }

    @Override
    public void epochFinished(int round, EpochMetrics metrics) {
      recorder.epochFinished(round, metrics, now());
      courier.poke();
    }

    @Override
    public void roundFinished(RoundSummary summary, Path roundFile) {
      recorder.roundFinished(summary, roundFile, now(), List.of());
      courier.poke();
    }

    @Override
    public void metrics(Map<String, Double> values, long step) {
      recorder.metrics(values, step, now());
      courier.poke();
    }

    @Override
    public void artifact(Path file) {
      recorder.artifact(file, "report");
      courier.poke();
    }

    @Override
    public void finished(TrialStatus status) {
      recorder.finished(status, now());
      courier.poke();
    }

    /**
     * Waits briefly for the trial's calls to reach the server; the rest go on in the background.
     */
    @Override
    public void close() {
      try {
        courier.drain(List.of(lane), settings.waitSeconds() * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for what is pending, stops delivering, and names what did not arrive. */
  @Override
  public synchronized String undelivered() {
    List<String> lines = new ArrayList<>(problems);
    if (courier != null) {
      try {
        courier.drain(courier.lanes(), settings.waitSeconds() * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String reason = courier.downReason();
      courier.close();
      lines.addAll(Report.undelivered(lanes, reason));
      courier = null;
      lanes.clear();
    }
    problems.clear();
    if (lines.isEmpty()) {
      return "";
    }
    return "mlflow " + settings.uri() + ": " + String.join("; ", lines);
  }
}

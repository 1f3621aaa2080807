package org.fraction.spark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.spark.TaskContext;
import org.fraction.spi.settings.Check;
import org.fraction.spi.tracking.RoundSummary;
import org.fraction.spi.tracking.Tracker;
import org.fraction.spi.tracking.TrialInfo;
import org.fraction.spi.tracking.TrialStatus;
import org.fraction.spi.tracking.TrialTracker;

/**
 * A tracker for tests that appends one line per event to {@code <dir>/events.log}, saying whether
 * it ran inside a Spark task: {@code started 3f2a91c0 task=true}.
 */
public final class RecordingTracker implements Tracker {

  public record Settings(String dir) {
    public Settings {
      Check.required("dir", dir);
    }
  }

  private final Path log;

  public RecordingTracker(Settings settings) {
    this.log = Path.of(settings.dir()).resolve("events.log");
  }

  private void append(String event, TrialInfo trial) {
    String line = event + " " + trial.key() + " task=" + (TaskContext.get() != null) + "\n";
    synchronized (RecordingTracker.class) {
      try {
        Files.createDirectories(log.getParent());
        Files.writeString(
            log,
            line,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public TrialTracker startTrial(TrialInfo trial) {
    append("started", trial);
    return new TrialTracker() {
      @Override
      public void roundFinished(RoundSummary summary, Path roundFile) {
        append("round-" + summary.round(), trial);
      }

      @Override
      public void finished(TrialStatus status) {
        append("finished", trial);
      }
    };
  }
}

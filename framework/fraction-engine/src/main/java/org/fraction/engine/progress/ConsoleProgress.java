package org.fraction.engine.progress;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.fraction.engine.train.TrialObserver;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.RoundSummary;
import org.fraction.spi.tracking.TrialInfo;
import org.fraction.spi.tracking.TrialStatus;

/**
 * Shows a trial's progress: on a terminal a progress bar per epoch with the running loss, images
 * per second and time left; otherwise plain lines (one per epoch, and one every half minute in long
 * epochs). A line per finished round gives accuracy and density.
 */
public final class ConsoleProgress implements TrialObserver {

  private static final long PLAIN_INTERVAL_NANOS = 30_000_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private ProgressBar bar;
  private String label = "";
  private int epochs;
  private long batches;
  private int round;
  private int epoch;
  private long epochStart;
  private long lastPlainLine;

  public ConsoleProgress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** A terminal when the process has a console and TERM is not dumb. */
  public static boolean isTerminal() {
    String term = System.getenv("TERM");
    return System.console() != null && term != null && !term.equals("dumb");
  }

  @Override
  public void trialStarted(TrialInfo trial) {
    label =
        trial.workflow()
            + " "
            + trial.key()
            + " ("
            + trial.tags().get("model")
            + ", "
            + trial.tags().get("algebra")
            + ")";
    int rounds = trial.plannedRounds() + (trial.control().isEmpty() ? 1 : 0);
    out.println("== " + label + ": " + rounds + (rounds == 1 ? " round" : " rounds"));
  }

  @Override
  public void roundSkipped(TrialInfo trial, int round) {
    out.println("round " + round + ": already complete, skipped");
  }

  @Override
  public void notice(TrialInfo trial, String message) {
    out.println("note: " + message);
  }

  @Override
  public void roundResumed(TrialInfo trial, int round, int epochsDone) {
    out.println("round " + round + ": resuming after epoch " + epochsDone);
  }

  @Override
  public void roundStarted(TrialInfo trial, int round, double density, int epochs, long batches) {
    this.round = round;
    this.epochs = epochs;
    this.batches = batches;
    out.printf(Locale.ROOT, "round %d: density %s, %d epochs%n", round, percent(density), epochs);
  }

  @Override
  public void epochStarted(TrialInfo trial, int round, int epoch) {
    this.epoch = epoch;
    this.epochStart = System.nanoTime();
    this.lastPlainLine = epochStart;
    if (terminal) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(String.format(Locale.ROOT, "round %d epoch %d/%d", round, epoch, epochs))
              .setInitialMax(batches)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(250)
              .setConsumer(new ConsoleProgressBarConsumer(out))
              .showSpeed()
              .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
              .setUnit(" steps", 1)
              .build();
    }
  }

  @Override
  public void batchFinished(
      TrialInfo trial, long batch, long batchCount, double meanLoss, long images) {
    long now = System.nanoTime();
    double seconds = (now - epochStart) / 1e9;
    double rate = images / Math.max(seconds, 1e-9);
    if (bar != null) {
      bar.stepTo(batch);
      bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f, %.0f img/s", meanLoss, rate));
    } else if (now - lastPlainLine > PLAIN_INTERVAL_NANOS) {
      lastPlainLine = now;
      double left = seconds / batch * (batchCount - batch);
      out.printf(
          Locale.ROOT,
          "  round %d epoch %d/%d: step %d/%d, loss %.4f, %.0f img/s, %s left in epoch%n",
          round,
          epoch,
          epochs,
          batch,
          batchCount,
          meanLoss,
          rate,
          duration(left));
    }
  }

  @Override
  public void epochFinished(TrialInfo trial, int round, EpochMetrics m) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    int done = m.epoch();
    String left =
        done < epochs
            ? ", about " + duration(m.seconds() * (epochs - done)) + " left in round"
            : "";
    out.printf(
        Locale.ROOT,
        "  round %d epoch %d/%d: train loss %.4f, test loss %.4f, test accuracy %s, %.0f img/s,"
            + " %.1f s%s%n",
        round,
        done,
        epochs,
        m.trainLoss(),
        m.testLoss(),
        percent(m.testAccuracy()),
        m.imagesPerSecond(),
        m.seconds(),
        left);
  }

  @Override
  public void roundFinished(TrialInfo trial, RoundSummary s, Path roundFile) {
    out.printf(
        Locale.ROOT,
        "round %d done: density %s (%s of the real model), %,d parameters, test accuracy %s (best"
            + " %s)%n",
        s.round(),
        percent(s.density()),
        percent(s.densityVsReal()),
        s.paramsRemaining(),
        percent(s.testAccuracy()),
        percent(s.bestTestAccuracy()));
  }

  @Override
  public void trialFinished(TrialInfo trial, TrialStatus status) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    if (status != TrialStatus.FINISHED) {
      out.println("== " + label + ": " + status.name().toLowerCase(Locale.ROOT));
    }
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }

  static String duration(double seconds) {
    Duration d = Duration.ofMillis((long) (seconds * 1000));
    if (d.toHours() > 0) {
      return String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart());
    }
    if (d.toMinutes() > 0) {
      return String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
    return String.format(Locale.ROOT, "%ds", d.toSeconds());
  }
}

package org.fraction.spark;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.multibindings.OptionalBinder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.inject.Composition;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.LoadedPlugins;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.RunStores;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.train.TrackerObserver;
import org.fraction.engine.train.TrialObserver;
import org.fraction.engine.train.TrialRunner;
import org.fraction.spi.data.FetchListener;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.RoundSummary;
import org.fraction.spi.tracking.TrialInfo;
import org.fraction.spi.tracking.TrialStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one trial inside an executor exactly as the local executor does: the trial is bound again
 * from its document with this JVM's plugins, its trackers are created here, and {@link TrialRunner}
 * resumes it from its last complete round and epoch checkpoint.
 */
public final class TrialTaskRunner {

  private static final Logger LOG = LoggerFactory.getLogger(TrialTaskRunner.class);

  /**
   * The composition root of this executor JVM, for the plugin jars of the job it serves: its data
   * cache holds the data sets prepared here, shared by the trials it runs as the local executor
   * shares them. A job with other jars replaces it (and lets its data go).
   */
  private static Composed composed;

  private record Composed(List<Path> jars, Injector injector) {}

  /** Fetch messages go to the executor's log. */
  private static final class TaskModule extends AbstractModule {
    @Override
    protected void configure() {
      OptionalBinder.newOptionalBinder(binder(), FetchListener.class)
          .setBinding()
          .toInstance(message -> LOG.info("data: {}", message));
    }
  }

  static synchronized Injector injector(List<Path> jars) {
    if (composed == null || !composed.jars().equals(jars)) {
      composed =
          new Composed(
              List.copyOf(jars),
              Composition.create(LoadedPlugins.load(jars), List.of(new TaskModule()), List.of()));
    }
    return composed.injector();
  }

  private TrialTaskRunner() {}

  /**
   * @param jars the plugin jars, as local files of this machine
   * @param threads native threads for the trial
   * @param where the executor, for messages
   * @param attempt the task's attempt number
   */
  public static TrialResult run(
      TrialTask task, List<Path> jars, int threads, String where, int attempt) throws IOException {
    long start = System.nanoTime();
    NativeRuntime.useLocalCache();
    Path root = Path.of(task.storeRoot());
    SharedStore.check(root, Path.of(task.storeMarker()), where);
    NativeRuntime.threads(threads);

    Injector injector = injector(jars);
    Plugins plugins = injector.getInstance(Plugins.class);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(plugins.classLoader());
    try {
      RunStore store = injector.getInstance(RunStores.class).open(root);
      Trial bound =
          injector
              .getInstance(WorkflowLoader.Factory.class)
              .create()
              .loadTrial(
                  task.document(),
                  root.resolve(task.workflow())
                      .resolve(task.trialId())
                      .resolve(TrialDirectory.DOCUMENT)
                      .toString());
      Trial trial = bound.withChoices(task.choices());
      if (!trial.id().equals(task.trialId())) {
        throw new IllegalStateException(
            "trial "
                + task.trialId()
                + " binds to id "
                + trial.id()
                + " on executor "
                + where
                + ": the executor's plugins differ from the driver's (same application jar and"
                + " --plugins on both?)");
      }
      TrackerObserver trackers = TrackerObserver.of(trial);
      TaskLog log = new TaskLog(where, attempt);
      TrialRunner.Outcome outcome;
      List<String> undelivered;
      try {
        outcome =
            injector
                .getInstance(TrialRunner.Factory.class)
                .create(
                    trial,
                    store,
                    injector.getInstance(DataCache.class),
                    TrialObserver.all(List.of(log, trackers)))
                .run();
      } finally {
        // Also after a failure: the trackers deliver what they can and let go of the trial (its
        // journal, their connections) before Spark runs the task again, often in this same JVM.
        undelivered = trackers.undelivered();
        undelivered.forEach(u -> LOG.warn("trial {}: not delivered yet: {}", trial.id(), u));
      }
      return new TrialResult(
          trial.id(),
          where,
          attempt,
          log.skipped,
          log.resumed,
          (System.nanoTime() - start) / 1e9,
          log.processBytes,
          TrialResult.rounds(outcome.roundsByControl()),
          List.copyOf(undelivered));
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** Progress lines in the executor's log, and what was resumed rather than run. */
  private static final class TaskLog implements TrialObserver {
    private final String where;
    private final int attempt;
    int skipped;
    int resumed;
    long processBytes;

    TaskLog(String where, int attempt) {
      this.where = where;
      this.attempt = attempt;
    }

    @Override
    public void trialStarted(TrialInfo trial) {
      LOG.info("trial {} started on {} (attempt {})", trial.key(), where, attempt);
    }

    @Override
    public void roundSkipped(TrialInfo trial, int round) {
      skipped++;
      LOG.info("trial {} round {}: already complete", trial.key(), round);
    }

    @Override
    public void notice(TrialInfo trial, String message) {
      LOG.warn("trial {}: {}", trial.key(), message);
    }

    @Override
    public void roundResumed(TrialInfo trial, int round, int epochsDone) {
      resumed += epochsDone;
      LOG.info("trial {} round {}: resuming after epoch {}", trial.key(), round, epochsDone);
    }

    @Override
    public void epochFinished(TrialInfo trial, int round, EpochMetrics metrics) {
      processBytes = Math.max(processBytes, Pointer.physicalBytes());
    }

    @Override
    public void roundFinished(TrialInfo trial, RoundSummary summary, Path roundFile) {
      LOG.info(
          String.format(
              Locale.ROOT,
              "trial %s round %d: density %.4f, test accuracy %.4f",
              trial.key(),
              summary.round(),
              summary.density(),
              summary.testAccuracy()));
    }

    @Override
    public void trialFinished(TrialInfo trial, TrialStatus status) {
      LOG.info("trial {} {}", trial.key(), status.name().toLowerCase(Locale.ROOT));
    }
  }
}

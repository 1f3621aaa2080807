package org.fraction.mlflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.results.StoredRunsReader;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.engine.train.InterruptedRunException;
import org.fraction.engine.train.TrackerObserver;
import org.fraction.engine.train.TrialObserver;
import org.fraction.engine.train.TrialRunner;
import org.fraction.engine.workflow.Configured;
import org.fraction.spi.cli.CommandContext;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.TrialInfo;

/**
 * Runs a small workflow of the test plugin's types in this process, as {@code fraction run} does.
 */
final class WorkflowRun {

  /** A small workflow: synthetic 8x8 images, a tiny perceptron, pruning and a control. */
  static String workflow(String name, String extra) {
    return """
           name: %s
           seed: 5
           dataset: {type: synthetic, train: 256, test: 64}
           model: {type: tiny-mlp, hidden: 8}
           training: {epochs: 2, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
           pruning: {type: smallest-first, keep: 0.5, rounds: 2}
           controls: [random-reinit]
           """
            .formatted(name)
        + extra;
  }

  record Result(WorkflowPlan plan, Path runDir, List<String> undelivered) {}

  /** An observer that stops the run, as Ctrl-C would, when the given epoch of a round ends. */
  static TrialObserver stopAfter(int round, int epoch) {
    return new TrialObserver() {
      @Override
      public void epochFinished(TrialInfo trial, int r, EpochMetrics metrics) {
        if (r == round && metrics.epoch() == epoch) {
          throw new InterruptedRunException("stopped by the test");
        }
      }
    };
  }

  private final Path root;
  private final Map<String, String> environment;
  private final Plugins plugins;

  WorkflowRun(Path root, Map<String, String> environment) {
    this.root = root;
    this.environment = environment;
    this.plugins =
        Plugins.of(
            List.of(new TestPlugin(), new MlflowPlugin(environment::get)),
            getClass().getClassLoader());
  }

  Result run(String yaml) throws Exception {
    return run(yaml, List.of());
  }

  /** Runs every trial; {@code extra} observers see each event after the trackers. */
  Result run(String yaml, List<TrialObserver> extra) throws Exception {
    Files.createDirectories(root);
    Path file = Files.createTempFile(root, "workflow", ".yaml");
    Files.writeString(file, yaml);
    WorkflowPlan plan = new WorkflowLoader(plugins, environment::get).load(file, List.of());
    RunStore store = new RunStore(root.resolve("runs"));
    DataCache data = new DataCache(m -> {});
    List<String> undelivered = new ArrayList<>();
    for (Trial trial : plan.trials()) {
      TrackerObserver trackers =
          new TrackerObserver(trial.trackers().stream().map(Configured::create).toList());
      List<TrialObserver> observers = new ArrayList<>(List.of(trackers));
      observers.addAll(extra);
      try {
        new TrialRunner.Factory(Clock.systemUTC())
            .create(trial, store, data, TrialObserver.all(observers))
            .run();
      } finally {
        undelivered.addAll(trackers.undelivered());
      }
    }
    return new Result(plan, store.workflowDirectory(plan.name()), undelivered);
  }

  /** {@code fraction mlflow sync ARGS}: the exit code, and what it printed. */
  record Sync(int code, String out, String err) {}

  Sync sync(String... args) throws Exception {
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    CommandContext context =
        new CommandContext(
            new java.io.PrintStream(out, true),
            new java.io.PrintStream(err, true),
            new StoredRunsReader(new WorkflowLoader(plugins, environment::get)));
    int code = plugins.commands().get("mlflow").run(List.of(args), context);
    return new Sync(code, out.toString(), err.toString());
  }
}

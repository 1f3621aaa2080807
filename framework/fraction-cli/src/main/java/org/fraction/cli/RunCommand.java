package org.fraction.cli;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.fraction.engine.backend.NativeThreads;
import org.fraction.engine.backend.RuntimeChoices;
import org.fraction.engine.executor.ExecutionContext;
import org.fraction.engine.executor.LocalExecutor;
import org.fraction.engine.executor.LocalExecutorProvider;
import org.fraction.engine.executor.TrialExecutor;
import org.fraction.engine.executor.TrialExecutorProvider;
import org.fraction.engine.plan.StoredSettings;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.TrialChecks;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.progress.ConsoleProgress;
import org.fraction.engine.results.ResultRow;
import org.fraction.engine.results.ResultsFormat;
import org.fraction.engine.results.RunResults;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.RunStores;
import org.fraction.engine.train.TrackerObserver;
import org.fraction.engine.train.TrialObserver;
import org.fraction.engine.train.TrialThreads;
import org.fraction.engine.workflow.Suggest;

/** {@code fraction run}: runs (or resumes) every trial of a workflow. */
final class RunCommand implements Command {

  private final Set<TrialExecutorProvider> executors;
  private final RunStores stores;
  private final Provider<ConsoleProgress> progress;
  private final WorkflowLoader.Factory loaders;

  @Inject
  RunCommand(
      Set<TrialExecutorProvider> executors,
      RunStores stores,
      Provider<ConsoleProgress> progress,
      WorkflowLoader.Factory loaders) {
    this.executors = executors;
    this.loaders = loaders;
    this.stores = stores;
    this.progress = progress;
  }

  @Override
  public String name() {
    return "run";
  }

  @Override
  public String usage() {
    return "run WORKFLOW [--out DIR] [--plugins JAR] [--set KEY=VALUE] [--max-trials N] [--executor"
        + " NAME [--master URL]]";
  }

  @Override
  public String summary() {
    return "run or resume a workflow's trials";
  }

  @Override
  public int run(List<String> args, Cli cli) throws Exception {
    Options options =
        new Options()
            .addOption(
                Option.builder()
                    .longOpt("out")
                    .hasArg()
                    .argName("DIR")
                    .desc("runs root (default ./runs)")
                    .build())
            .addOption(Cli.pluginsOption())
            .addOption(Cli.setOption())
            .addOption(Cli.maxTrialsOption())
            .addOption(
                Option.builder()
                    .longOpt("executor")
                    .hasArg()
                    .argName("NAME")
                    .desc("where trials run: local (default) or an installed executor")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("master")
                    .hasArg()
                    .argName("URL")
                    .desc("the cluster's master URL, for cluster executors")
                    .build());
    CommandLine line = Cli.parse(this, options, args);
    if (Cli.wantsHelp(this, line, options, cli.out)) {
      return 0;
    }
    Path workflow = Path.of(Cli.positional(this, line, 1, 1).get(0));
    List<Path> jars = Cli.pluginJars(line);
    WorkflowPlan plan = loaders.create(Cli.maxTrials(line)).load(workflow, Cli.overrides(line));
    TrialChecks.check(plan);
    // the executor's options are checked before the runs directory is created
    TrialExecutor executor = executor(line);
    RunStore store =
        stores.open(
            writableRoot(Path.of(line.getOptionValue("out", RunStore.DEFAULT_ROOT.toString()))));
    for (Trial trial : plan.trials()) {
      StoredSettings.checkResume(store.trial(trial.name(), trial.id()), trial);
    }

    ConsoleProgress console = progress.get();
    List<TrackerObserver> trackers = new ArrayList<>();
    ExecutionContext context =
        new ExecutionContext(
            store,
            jars,
            trial -> {
              TrackerObserver t = TrackerObserver.of(trial);
              trackers.add(t);
              return TrialObserver.all(List.of(console, t));
            },
            cli.out,
            cli.err);
    cli.out.println(
        plan.name()
            + ": "
            + plan.trials().size()
            + (plan.trials().size() == 1 ? " trial" : " trials")
            + " -> "
            + store.workflowDirectory(plan.name()));
    if (executor instanceof LocalExecutor) {
      NativeThreads.Choice threads = TrialThreads.choose(plan.trials().get(0));
      NativeThreads.apply(threads);
      cli.out.println(RuntimeChoices.describe(threads));
    }
    executor.execute(plan, context);

    Set<String> ids = plan.trials().stream().map(Trial::id).collect(Collectors.toSet());
    List<ResultRow> rows =
        RunResults.read(store.workflowDirectory(plan.name()), cli.err::println).stream()
            .filter(r -> ids.contains(r.trial()))
            .toList();
    cli.out.println();
    cli.out.print(ResultsFormat.TABLE.render(rows));
    cli.out.println();
    cli.out.println(
        "results: fraction results " + store.workflowDirectory(plan.name()) + " --format csv");
    for (TrackerObserver t : trackers) {
      for (String u : t.undelivered()) {
        cli.err.println("not delivered yet: " + u);
      }
    }
    return 0;
  }

  /**
   * The runs root, created if missing; one that is not a directory or cannot be written is bad
   * input.
   */
  static Path writableRoot(Path root) {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw CliException.usage(
          "--out " + root + " cannot be used as the runs directory: " + notADirectory(root, e));
    }
    try {
      Files.delete(Files.createTempFile(root, ".write-check-", ".tmp"));
    } catch (IOException e) {
      throw CliException.usage("--out " + root + " is not writable: " + e.getMessage());
    }
    return root;
  }

  /** The first existing part of the path that is not a directory, or the error's own message. */
  private static String notADirectory(Path root, IOException e) {
    for (Path p = root.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        return Files.isDirectory(p) ? String.valueOf(e.getMessage()) : p + " is not a directory";
      }
    }
    return String.valueOf(e.getMessage());
  }

  private TrialExecutor executor(CommandLine line) {
    String name = line.getOptionValue("executor", LocalExecutorProvider.NAME);
    Map<String, TrialExecutorProvider> providers = new TreeMap<>();
    executors.forEach(p -> providers.put(p.name(), p));
    TrialExecutorProvider provider = providers.get(name);
    if (provider == null) {
      List<String> known = new ArrayList<>(List.of(LocalExecutorProvider.NAME));
      providers.keySet().stream().filter(n -> !known.contains(n)).forEach(known::add);
      throw CliException.usage(
          "unknown executor '"
              + name
              + "'"
              + Suggest.didYouMean(name, known)
              + "; known: "
              + String.join(", ", known));
    }
    Map<String, String> opts = new LinkedHashMap<>();
    if (line.hasOption("master")) {
      opts.put("master", line.getOptionValue("master"));
    }
    try {
      return provider.create(opts);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }
}

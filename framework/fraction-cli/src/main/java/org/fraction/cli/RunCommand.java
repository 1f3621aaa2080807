package org.fraction.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.fraction.engine.backend.NativeThreads;
import org.fraction.engine.backend.RuntimeChoices;
import org.fraction.engine.executor.ExecutionContext;
import org.fraction.engine.executor.LocalExecutor;
import org.fraction.engine.executor.TrialExecutor;
import org.fraction.engine.executor.TrialExecutorProvider;
import org.fraction.engine.plan.StoredSettings;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.TrialChecks;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.progress.ConsoleProgress;
import org.fraction.engine.results.ResultRow;
import org.fraction.engine.results.ResultsFormat;
import org.fraction.engine.results.RunResults;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.train.TrackerObserver;
import org.fraction.engine.train.TrialObserver;
import org.fraction.engine.train.TrialThreads;
import org.fraction.engine.workflow.Configured;
import org.fraction.engine.workflow.Suggest;

/** {@code fraction run}: runs (or resumes) every trial of a workflow. */
final class RunCommand implements Command {

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
    Plugins plugins = cli.plugins(jars);
    WorkflowPlan plan =
        new WorkflowLoader(plugins, Cli.maxTrials(line)).load(workflow, Cli.overrides(line));
    TrialChecks.check(plan);
    // the executor's options are checked before the runs directory is created
    TrialExecutor executor = executor(line, cli);
    RunStore store =
        new RunStore(
            writableRoot(Path.of(line.getOptionValue("out", RunStore.DEFAULT_ROOT.toString()))));
    for (Trial trial : plan.trials()) {
      StoredSettings.checkResume(store.trial(trial.name(), trial.id()), trial);
    }

    ConsoleProgress progress = new ConsoleProgress(cli.out, ConsoleProgress.isTerminal());
    List<TrackerObserver> trackers = new ArrayList<>();
    ExecutionContext context =
        new ExecutionContext(
            store,
            jars,
            trial -> {
              TrackerObserver t =
                  new TrackerObserver(trial.trackers().stream().map(Configured::create).toList());
              trackers.add(t);
              return TrialObserver.all(List.of(progress, t));
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

  private static TrialExecutor executor(CommandLine line, Cli cli) {
    String name = line.getOptionValue("executor", "local");
    if (name.equals("local")) {
      if (line.hasOption("master")) {
        throw CliException.usage("--master needs a cluster executor, e.g. --executor spark");
      }
      return new LocalExecutor(message -> cli.out.println("data: " + message));
    }
    Map<String, TrialExecutorProvider> providers = new LinkedHashMap<>();
    for (TrialExecutorProvider p :
        ServiceLoader.load(
            TrialExecutorProvider.class, Thread.currentThread().getContextClassLoader())) {
      providers.put(p.name(), p);
    }
    TrialExecutorProvider provider = providers.get(name);
    if (provider == null) {
      List<String> known = new ArrayList<>(List.of("local"));
      known.addAll(providers.keySet());
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

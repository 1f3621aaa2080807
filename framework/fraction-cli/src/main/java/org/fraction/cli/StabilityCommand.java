package org.fraction.cli;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.settings.Rewind;
import org.fraction.engine.store.StabilityFiles;
import org.fraction.engine.store.StabilityResult;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.train.BuiltNetwork;
import org.fraction.engine.train.StabilityAnalysis;
import org.fraction.engine.train.StabilityTracking;

/** {@code fraction stability}: the instability analysis of one round of a trial. */
final class StabilityCommand implements Command {

  private final DataCache data;
  private final WorkflowLoader.Factory loaders;

  @Inject
  StabilityCommand(DataCache data, WorkflowLoader.Factory loaders) {
    this.data = data;
    this.loaders = loaders;
  }

  @Override
  public String name() {
    return "stability";
  }

  @Override
  public String usage() {
    return "stability RUN_DIR/<trial> --round K [--rewind init|<N>it|<N>ep] [--points N]"
        + " [--recompute-bn] [--again] [--no-tracking] [--plugins JAR]";
  }

  @Override
  public String summary() {
    return "instability analysis: the error barrier between two copies of a round trained from its"
        + " rewind point";
  }

  @Override
  public int run(List<String> args, Cli cli) throws Exception {
    Options options =
        new Options()
            .addOption(
                Option.builder()
                    .longOpt("round")
                    .hasArg()
                    .argName("K")
                    .desc("the round whose mask is analysed")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("rewind")
                    .hasArg()
                    .argName("POINT")
                    .desc(
                        "where both copies start: init, <N>it or <N>ep (default: the trial's"
                            + " rewind)")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("points")
                    .hasArg()
                    .argName("N")
                    .desc("points on the path, both ends included (default 11)")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("recompute-bn")
                    .desc("re-estimate batch-norm statistics at each point")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("again")
                    .desc("measure again even if a stored analysis matches")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("no-tracking")
                    .desc("do not send the result to the trial's trackers")
                    .build())
            .addOption(Cli.pluginsOption());
    CommandLine line = Cli.parse(this, options, args);
    if (Cli.wantsHelp(this, line, options, cli.out)) {
      return 0;
    }
    TrialDirectory dir = new TrialDirectory(Path.of(Cli.positional(this, line, 1, 1).get(0)));
    if (!Files.isRegularFile(dir.path().resolve(TrialDirectory.DOCUMENT))) {
      throw CliException.usage(
          dir.path()
              + " is not a trial directory (it has no "
              + TrialDirectory.DOCUMENT
              + "); give RUN_DIR/<trial id>");
    }
    if (!line.hasOption("round")) {
      throw CliException.usage("--round K is required\nusage: fraction " + usage());
    }
    int round = number(line, "round", 0, 0);
    int points = number(line, "points", 11, 2);
    Rewind rewind = null;
    if (line.hasOption("rewind")) {
      try {
        rewind = Rewind.parse(line.getOptionValue("rewind"));
      } catch (IllegalArgumentException e) {
        throw CliException.usage("--rewind " + e.getMessage());
      }
    }
    boolean batchNorm = line.hasOption("recompute-bn");
    Trial trial =
        loaders
            .create()
            .loadTrial(dir.readDocument(), dir.path().resolve(TrialDirectory.DOCUMENT).toString());
    if (!dir.hasRound(round)) {
      throw CliException.usage(
          "round "
              + round
              + " of trial "
              + trial.id()
              + " is not finished: "
              + dir.roundFile(round)
              + " does not exist");
    }
    StabilityAnalysis analysis = new StabilityAnalysis(trial, dir, data);
    Rewind point = rewind == null ? analysis.trialRewind() : rewind;
    long[] seeds = StabilityAnalysis.Request.copySeeds(trial.settings().seed());
    Path file = StabilityFiles.file(dir, round, point.toString(), batchNorm);
    StabilityResult result = stored(file, points, seeds, line.hasOption("again"));
    if (result != null) {
      cli.out.println("already measured: " + file + " (--again measures it again)");
    } else {
      cli.out.printf(
          Locale.ROOT,
          "trial %s round %d: two copies from %s, %d epochs each, then %d points on the path%n",
          trial.id(),
          round,
          analysis.keepsTrainedWeights(round)
              ? "round " + (round - 1) + "'s trained weights"
              : point,
          analysis.epochs(round),
          points);
      try {
        result =
            analysis.run(
                new StabilityAnalysis.Request(round, point, points, batchNorm, seeds),
                progress(cli));
      } catch (IllegalArgumentException e) {
        throw CliException.usage(e.getMessage());
      }
      StabilityFiles.write(file, result);
      cli.out.println("wrote " + file);
    }
    cli.out.printf(
        Locale.ROOT,
        "error barrier %.4f, loss barrier %.4f (end points: test error %.4f and %.4f)%n",
        result.errorBarrier(),
        result.lossBarrier(),
        result.testError(0),
        result.testError(result.points() - 1));
    if (!line.hasOption("no-tracking")) {
      for (String problem : StabilityTracking.publish(trial, dir.path(), result)) {
        cli.err.println(problem);
      }
    }
    return 0;
  }

  /** The stored analysis if it was made with these points and seeds, else null. */
  private static StabilityResult stored(Path file, int points, long[] seeds, boolean again)
      throws java.io.IOException {
    if (again || !Files.isRegularFile(file)) {
      return null;
    }
    StabilityResult r = StabilityFiles.read(file);
    return r.points() == points && java.util.Arrays.equals(r.seeds(), seeds) ? r : null;
  }

  private static StabilityAnalysis.Progress progress(Cli cli) {
    return new StabilityAnalysis.Progress() {
      @Override
      public void copyTrained(int copy, double testAccuracy) {
        cli.out.printf(
            Locale.ROOT, "  copy %d trained: test accuracy %.4f%n", copy + 1, testAccuracy);
      }

      @Override
      public void pointEvaluated(
          int index, double alpha, double testAccuracy, BuiltNetwork network) {
        cli.out.printf(Locale.ROOT, "  alpha %.3f: test accuracy %.4f%n", alpha, testAccuracy);
      }
    };
  }

  private static int number(CommandLine line, String option, int otherwise, int minimum) {
    if (!line.hasOption(option)) {
      return otherwise;
    }
    int value;
    try {
      value = Integer.parseInt(line.getOptionValue(option));
    } catch (NumberFormatException e) {
      value = minimum - 1;
    }
    if (value < minimum) {
      throw CliException.usage(
          "--"
              + option
              + " must be a whole number of at least "
              + minimum
              + ", got '"
              + line.getOptionValue(option)
              + "'");
    }
    return value;
  }
}

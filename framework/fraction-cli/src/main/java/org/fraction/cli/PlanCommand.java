package org.fraction.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.TrialChecks;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.settings.GradualPruning;
import org.fraction.engine.settings.MaskSource;
import org.fraction.engine.settings.PruningKeys;
import org.fraction.engine.settings.PruningSchedule;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.engine.train.PlannedRounds;

/**
 * {@code fraction plan}: the trials of a workflow and, per round, the densities they will reach.
 */
final class PlanCommand implements Command {

  private final WorkflowLoader.Factory loaders;

  @Inject
  PlanCommand(WorkflowLoader.Factory loaders) {
    this.loaders = loaders;
  }

  @Override
  public String name() {
    return "plan";
  }

  @Override
  public String usage() {
    return "plan WORKFLOW [--plugins JAR] [--set KEY=VALUE] [--max-trials N]";
  }

  @Override
  public String summary() {
    return "trials, parameter counts, densities and MACs per round, before anything trains";
  }

  @Override
  public int run(List<String> args, Cli cli) {
    Options options =
        new Options()
            .addOption(Cli.pluginsOption())
            .addOption(Cli.setOption())
            .addOption(Cli.maxTrialsOption());
    CommandLine line = Cli.parse(this, options, args);
    if (Cli.wantsHelp(this, line, options, cli.out)) {
      return 0;
    }
    Path file = Path.of(Cli.positional(this, line, 1, 1).get(0));
    WorkflowPlan plan = loaders.create(Cli.maxTrials(line)).load(file, Cli.overrides(line));
    TrialChecks.check(plan);
    cli.out.println(
        plan.name()
            + ": "
            + plan.trials().size()
            + (plan.trials().size() == 1 ? " trial" : " trials"));
    for (Trial trial : plan.trials()) {
      WorkflowSettings s = trial.settings();
      PlannedRounds planned = PlannedRounds.of(trial);
      cli.out.println();
      cli.out.printf(
          Locale.ROOT,
          "trial %s  %s (%s) on %s%s%n",
          trial.id(),
          s.model().typeName(),
          s.model().engine().algebra(),
          s.dataset().typeName(),
          trial.choices().isEmpty()
              ? ""
              : "  ["
                  + String.join(
                      ", ",
                      trial.choices().entrySet().stream()
                          .map(e -> e.getKey() + "=" + e.getValue())
                          .toList())
                  + "]");
      cli.out.printf(
          Locale.ROOT,
          "  parameters %,d; prunable %,d; the real model's prunable %,d%n",
          planned.parameters(),
          planned.prunable(),
          planned.realPrunable());
      cli.out.printf(
          Locale.ROOT,
          "  %d epochs of %d steps per round; %s%n",
          s.training().epochs(),
          planned.stepsPerEpoch(),
          s.pruning() == null
              ? "no pruning"
              : s.pruning().typeName()
                  + ", keep "
                  + s.pruning().engine().keep()
                  + " per round, "
                  + retraining(s.pruning().engine()));
      if (s.pruning() != null) {
        cli.out.println(
            "  masks: "
                + (s.pruning().engine().maskSource() == MaskSource.INIT
                    ? "init (pruning at initialisation: each round a fresh mask at the rewind"
                        + " point, before training)"
                    : "trained (each round prunes the previous round's trained weights)"));
      }
      cli.out.println(
          "  round   density   vs real   prunable left   params left     dense MACs    sparse"
              + " MACs");
      for (PlannedRounds.Round r : planned.rounds()) {
        cli.out.printf(
            Locale.ROOT,
            "  %5d  %7.2f%%  %7.2f%%  %14s  %12s  %13s  %13s%n",
            r.round(),
            r.density() * 100,
            r.densityVsReal() * 100,
            String.format(Locale.ROOT, "%,d", r.prunableRemaining()),
            String.format(Locale.ROOT, "%,d", r.paramsRemaining()),
            String.format(Locale.ROOT, "%,d", r.denseMacs()),
            String.format(Locale.ROOT, "%,d", r.sparseMacs()));
      }
      cli.out.println(
          "  MACs: multiply-accumulates per image; sparse MACs assume each pruned layer keeps the"
              + " round's density (the report counts them from the masks)");
      if (!planned.macs().uncounted().isEmpty()) {
        cli.out.println(
            "  not counted (no MAC rule for these layers): "
                + String.join(", ", planned.macs().uncounted()));
      }
      if (!s.controls().isEmpty()) {
        cli.out.println(
            "  controls: "
                + String.join(", ", s.controls().stream().map(c -> c.id()).toList())
                + " (rounds 1.."
                + s.rounds()
                + " each)");
      }
    }
    return 0;
  }

  /**
   * How pruned rounds train: the retraining mode after iterative pruning, or the gradual schedule.
   */
  static String retraining(PruningKeys keys) {
    if (keys.schedule() == PruningSchedule.GRADUAL) {
      GradualPruning g = keys.gradual();
      return "gradual: each round from the initial weights, pruned every "
          + g.every()
          + " from "
          + g.start()
          + " to "
          + g.end()
          + " down to its density";
    }
    return switch (keys.retrain()) {
      case WEIGHT_REWIND -> "retrain weight-rewind, rewind " + keys.rewind();
      case LR_REWIND -> "retrain lr-rewind (trained weights, the schedule from the start)";
      case FINE_TUNE ->
          "retrain fine-tune (trained weights, "
              + keys.fineTune().epochs()
              + " epochs at "
              + (keys.fineTune().lr() == null
                  ? "the schedule's final rate"
                  : "lr " + keys.fineTune().lr())
              + ")";
    };
  }
}

package org.fraction.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.fraction.engine.plan.TrialChecks;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.workflow.WorkflowException;

/** {@code fraction validate}: checks workflow files without running anything. */
final class ValidateCommand implements Command {

  private final WorkflowLoader.Factory loaders;

  @Inject
  ValidateCommand(WorkflowLoader.Factory loaders) {
    this.loaders = loaders;
  }

  @Override
  public String name() {
    return "validate";
  }

  @Override
  public String usage() {
    return "validate WORKFLOW... [--plugins JAR] [--set KEY=VALUE] [--max-trials N]";
  }

  @Override
  public String summary() {
    return "check workflow files; problems as file:line:col";
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
    List<String> files = Cli.positional(this, line, 1, Integer.MAX_VALUE);
    WorkflowLoader loader = loaders.create(Cli.maxTrials(line));
    int problems = 0;
    for (String file : files) {
      try {
        WorkflowPlan plan = loader.load(Path.of(file), Cli.overrides(line));
        TrialChecks.check(plan);
        cli.out.println(
            file
                + ": ok, "
                + plan.trials().size()
                + (plan.trials().size() == 1 ? " trial" : " trials"));
      } catch (WorkflowException e) {
        e.problems().forEach(cli.err::println);
        problems += e.problems().size();
      }
    }
    if (problems > 0) {
      cli.err.println(problems + (problems == 1 ? " problem" : " problems"));
      return 2;
    }
    return 0;
  }
}

package org.fraction.cli;

import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.fraction.engine.results.AggregateFormat;
import org.fraction.engine.results.LayerResults;
import org.fraction.engine.results.ResultsFormat;
import org.fraction.engine.results.RunResults;
import org.fraction.engine.results.SeedAggregation;

/** {@code fraction results}: the finished rounds of a run directory. */
final class ResultsCommand implements Command {

  @Override
  public String name() {
    return "results";
  }

  @Override
  public String usage() {
    return "results RUN_DIR [--format table|csv|json] [--layers [--round K] | --aggregate]";
  }

  @Override
  public String summary() {
    return "the finished rounds of every trial under RUN_DIR (runs/<workflow name>)";
  }

  @Override
  public int run(List<String> args, Cli cli) throws Exception {
    Options options =
        new Options()
            .addOption(
                Option.builder()
                    .longOpt("format")
                    .hasArg()
                    .argName("FORMAT")
                    .desc("table (default), csv or json")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("layers")
                    .desc("the density of each layer, from the round files' masks")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("aggregate")
                    .desc("mean, std (n - 1), min and max over trials that differ only in seed")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("round")
                    .hasArg()
                    .argName("K")
                    .desc("with --layers: the round (default: each trial's last)")
                    .build());
    CommandLine line = Cli.parse(this, options, args);
    if (Cli.wantsHelp(this, line, options, cli.out)) {
      return 0;
    }
    Path dir = Path.of(Cli.positional(this, line, 1, 1).get(0));
    ResultsFormat format;
    try {
      format = ResultsFormat.parse(line.getOptionValue("format", "table"));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    if (line.hasOption("round") && !line.hasOption("layers")) {
      throw CliException.usage("--round goes with --layers");
    }
    if (line.hasOption("aggregate")) {
      if (line.hasOption("layers")) {
        throw CliException.usage("--aggregate and --layers do not go together");
      }
      cli.out.print(AggregateFormat.render(format, SeedAggregation.read(dir, cli.err::println)));
      return 0;
    }
    if (line.hasOption("layers")) {
      Integer round = null;
      if (line.hasOption("round")) {
        try {
          round = Integer.parseInt(line.getOptionValue("round"));
        } catch (NumberFormatException e) {
          round = -1;
        }
        if (round < 0) {
          throw CliException.usage(
              "--round must be a round number (0, 1, ...), got '"
                  + line.getOptionValue("round")
                  + "'");
        }
      }
      cli.out.print(format.renderLayers(LayerResults.read(dir, round, cli.err::println)));
      return 0;
    }
    cli.out.print(format.render(RunResults.read(dir, cli.err::println)));
    return 0;
  }
}

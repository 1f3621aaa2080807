package org.fraction.cli;

import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.fraction.engine.results.ResultsFormat;
import org.fraction.engine.results.RunResults;

/** {@code fraction results}: the finished rounds of a run directory. */
final class ResultsCommand implements Command {

  @Override
  public String name() {
    return "results";
  }

  @Override
  public String usage() {
    return "results RUN_DIR [--format table|csv|json]";
  }

  @Override
  public String summary() {
    return "the finished rounds of every trial under RUN_DIR (runs/<workflow name>)";
  }

  @Override
  public int run(List<String> args, Cli cli) throws Exception {
    Options options = new Options()
        .addOption(Option.builder().longOpt("format").hasArg().argName("FORMAT").desc("table (default), csv or json").build());
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
    cli.out.print(format.render(RunResults.read(dir)));
    return 0;
  }
}

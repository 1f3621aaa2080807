package org.fraction.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.fraction.engine.results.Spread;
import org.fraction.report.ArtifactPublisher;
import org.fraction.report.Report;
import org.fraction.report.ReportReader;
import org.fraction.report.RunReport;

/**
 * {@code fraction report}: plots and a Markdown/HTML summary of a run directory, handed to its
 * trackers.
 */
final class ReportCommand implements Command {

  private final ReportReader reader;

  @Inject
  ReportCommand(ReportReader reader) {
    this.reader = reader;
  }

  @Override
  public String name() {
    return "report";
  }

  @Override
  public String usage() {
    return "report RUN_DIR [--trial ID] [--out DIR] [--band min-max|std] [--no-tracking] [--plugins"
        + " JAR]";
  }

  @Override
  public String summary() {
    return "plots (PNG) and a Markdown/HTML report of RUN_DIR, also for unfinished runs";
  }

  @Override
  public int run(List<String> args, Cli cli) throws Exception {
    Options options =
        new Options()
            .addOption(
                Option.builder()
                    .longOpt("trial")
                    .hasArg()
                    .argName("ID")
                    .desc("trial whose training curves to draw (default: the first)")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("out")
                    .hasArg()
                    .argName("DIR")
                    .desc("where to write the report (default: RUN_DIR)")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("band")
                    .hasArg()
                    .argName("BAND")
                    .desc("spread around each seed group's mean: min-max (default) or std")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("no-tracking")
                    .desc("do not hand the files to the trials' trackers")
                    .build())
            .addOption(Cli.pluginsOption());
    CommandLine line = Cli.parse(this, options, args);
    if (Cli.wantsHelp(this, line, options, cli.out)) {
      return 0;
    }
    Path runDir = Path.of(Cli.positional(this, line, 1, 1).get(0));
    Spread.Band band;
    try {
      band = Spread.Band.parse(line.getOptionValue("band", "min-max"));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    RunReport report = reader.read(runDir, cli.err::println);
    Path out = line.hasOption("out") ? Path.of(line.getOptionValue("out")) : runDir;
    Report.Written written;
    try {
      written = Report.write(report, out, line.getOptionValue("trial"), band);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--trial: " + e.getMessage());
    } catch (FileSystemException e) {
      throw cannotWrite(
          "cannot write "
              + e.getFile()
              + ": "
              + (e.getReason() != null
                  ? e.getReason()
                  : e instanceof FileAlreadyExistsException
                      ? "a file is in the way of the directory"
                      : "permission denied"),
          e);
    } catch (UncheckedIOException e) {
      throw cannotWrite(e.getMessage(), e.getCause());
    }
    for (String missing : Report.missing(report)) {
      cli.out.println("missing: " + missing);
    }
    for (Path f : written.files()) {
      cli.out.println("wrote " + f);
    }
    if (!line.hasOption("no-tracking")) {
      for (ArtifactPublisher.Delivery d : ArtifactPublisher.publish(report, written.files())) {
        if (d.problem().isEmpty()) {
          cli.out.println(d.tracker() + ": " + d.files() + " files logged to trial " + d.trial());
        } else {
          cli.err.println(d.tracker() + ": trial " + d.trial() + ": " + d.problem());
        }
      }
    }
    return 0;
  }

  /**
   * A directory the user named (or the run directory) that cannot take the files is bad input;
   * anything else, such as a full disk, is a failure.
   */
  private static CliException cannotWrite(String message, IOException cause) {
    return new CliException(cause instanceof FileSystemException ? 2 : 1, message);
  }
}

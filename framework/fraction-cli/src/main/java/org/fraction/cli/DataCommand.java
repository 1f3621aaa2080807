package org.fraction.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.settings.DatasetKeys;
import org.fraction.engine.workflow.Configured;
import org.fraction.engine.workflow.Node;
import org.fraction.engine.workflow.Position;
import org.fraction.engine.workflow.Problems;
import org.fraction.engine.workflow.SettingsBinder;
import org.fraction.spi.Kind;
import org.fraction.spi.data.Dataset;

/** {@code fraction data fetch}: downloads (or locates) a data set and verifies its checksums. */
final class DataCommand implements Command {

  @Override
  public String name() {
    return "data";
  }

  @Override
  public String usage() {
    return "data fetch NAME [--dir DIR] [--from DIR]";
  }

  @Override
  public String summary() {
    return "download or locate a data set and verify its checksums";
  }

  @Override
  public int run(List<String> args, Cli cli) throws Exception {
    Options options =
        new Options()
            .addOption(
                Option.builder()
                    .longOpt("dir")
                    .hasArg()
                    .argName("DIR")
                    .desc("data root (default $FRACTION_DATA or ~/.fraction/data)")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("from")
                    .hasArg()
                    .argName("DIR")
                    .desc("take the files from this directory instead of the network")
                    .build())
            .addOption(Cli.pluginsOption());
    CommandLine line = Cli.parse(this, options, args);
    if (Cli.wantsHelp(this, line, options, cli.out)) {
      return 0;
    }
    List<String> words = Cli.positional(this, line, 2, 2);
    if (!words.get(0).equals("fetch")) {
      throw CliException.usage(
          "unknown data command '" + words.get(0) + "'; usage: fraction " + usage());
    }
    if (line.hasOption("dir")) {
      System.setProperty(
          "fraction.data", Path.of(line.getOptionValue("dir")).toAbsolutePath().toString());
    }
    if (line.hasOption("from")) {
      System.setProperty(
          "fraction.data.mirror", sourceDirectory(line.getOptionValue("from")).toString());
    }
    Plugins plugins = cli.plugins();
    Position pos = Position.commandLine("data fetch " + words.get(1));
    Problems problems = new Problems();
    Configured<DatasetKeys, Dataset> block =
        new SettingsBinder(plugins)
            .bindPlugin(
                new Node.ScalarNode(words.get(1), false, pos),
                "dataset",
                Kind.DATASET,
                DatasetKeys.class,
                problems);
    problems.throwIfAny();
    Dataset dataset = block.create();
    dataset.prepare(message -> cli.out.println(message));
    cli.out.println(words.get(1) + ": ready, checksums verified where fetched");
    return 0;
  }

  /** A --from that is not there must not fall through to downloading. */
  private static Path sourceDirectory(String from) {
    Path dir = Path.of(from).toAbsolutePath();
    if (!Files.exists(dir)) {
      throw CliException.usage("--from " + from + ": no such directory");
    }
    if (!Files.isDirectory(dir)) {
      throw CliException.usage("--from " + from + ": is not a directory");
    }
    return dir;
  }
}

package org.fraction.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.train.NetworkFactory;
import org.fraction.engine.train.ParameterSizes;
import org.fraction.engine.workflow.Problems;
import org.fraction.engine.workflow.SettingsBinder;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginType;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.model.Algebra;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.Model;
import org.fraction.spi.model.Network;
import org.fraction.spi.optim.Optimizer;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * {@code fraction models}: the trainable parameters of every model (with its default settings) in
 * each algebra, for images of a given shape and a number of classes, counted from the configuration
 * as PyTorch counts them (batch-norm running statistics excluded).
 */
final class ModelsCommand implements Command {

  /** One line of the listing. */
  record Row(String model, Algebra algebra, long params, long prunable) {}

  @Override
  public String name() {
    return "models";
  }

  @Override
  public String usage() {
    return "models --input HxWxC --classes N [--format table|csv] [--plugins JAR]";
  }

  @Override
  public String summary() {
    return "parameters of every model in each algebra, for images of the given shape";
  }

  @Override
  public int run(List<String> args, Cli cli) {
    Options options =
        new Options()
            .addOption(
                Option.builder()
                    .longOpt("input")
                    .hasArg()
                    .argName("HxWxC")
                    .desc("the data's image shape, e.g. 32x32x3")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("classes")
                    .hasArg()
                    .argName("N")
                    .desc("number of classes")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("format")
                    .hasArg()
                    .argName("FORMAT")
                    .desc("table (default) or csv")
                    .build())
            .addOption(Cli.pluginsOption());
    CommandLine line = Cli.parse(this, options, args);
    if (Cli.wantsHelp(this, line, options, cli.out)) {
      return 0;
    }
    Cli.positional(this, line, 0, 0);
    if (!line.hasOption("input") || !line.hasOption("classes")) {
      throw CliException.usage("--input and --classes are required\nusage: fraction " + usage());
    }
    InputShape shape;
    int classes;
    try {
      shape = InputShape.parse(line.getOptionValue("input"));
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--input: " + e.getMessage());
    }
    try {
      classes = Integer.parseInt(line.getOptionValue("classes").trim());
    } catch (NumberFormatException e) {
      classes = 0;
    }
    if (classes < 2) {
      throw CliException.usage(
          "--classes must be a whole number of at least 2, got '"
              + line.getOptionValue("classes")
              + "'");
    }
    String format = line.getOptionValue("format", "table");
    if (!format.equals("table") && !format.equals("csv")) {
      throw CliException.usage("--format must be table or csv, got '" + format + "'");
    }

    Plugins plugins = cli.plugins();
    List<String> skipped = new ArrayList<>();
    List<Row> rows = rows(plugins, shape, classes, skipped);
    cli.out.print(format.equals("csv") ? csv(rows) : table(rows, shape, classes));
    for (String s : skipped) {
      cli.err.println("fraction: not listed: " + s);
    }
    return 0;
  }

  static List<Row> rows(Plugins plugins, InputShape shape, int classes, List<String> skipped) {
    DatasetInfo data = new DatasetInfo("input", shape, classes, 0, 0, null, null);
    SettingsBinder binder = new SettingsBinder(plugins);
    List<PluginType<?, ?>> types = new ArrayList<>(plugins.types(Kinds.MODEL).values());
    types.sort(Comparator.comparing(t -> naturalKey(t.name())));
    List<Row> rows = new ArrayList<>();
    for (PluginType<?, ?> type : types) {
      Problems problems = new Problems();
      Record settings = binder.bind(null, type.settings(), "model", problems);
      if (settings == null) {
        skipped.add(type.name() + ": its settings have no defaults");
        continue;
      }
      Model model = (Model) type.create(settings);
      for (Algebra algebra : Algebra.values()) {
        if (!model.algebras().contains(algebra)) {
          continue;
        }
        try {
          Network network = NetworkFactory.describe(model, data, algebra, COUNTING, null, 0);
          ParameterSizes sizes = ParameterSizes.of(network.configuration());
          long prunable = network.prunable().stream().mapToLong(sizes::size).sum();
          rows.add(new Row(type.name(), algebra, sizes.trainable(), prunable));
        } catch (IllegalArgumentException | IllegalStateException e) {
          skipped.add(type.name() + " (" + algebra + "): " + e.getMessage());
        }
      }
    }
    return rows;
  }

  static String csv(List<Row> rows) {
    StringBuilder out = new StringBuilder("model,algebra,params\n");
    for (Row r : rows) {
      out.append(r.model())
          .append(',')
          .append(r.algebra())
          .append(',')
          .append(r.params())
          .append('\n');
    }
    return out.toString();
  }

  static String table(List<Row> rows, InputShape shape, int classes) {
    StringBuilder out =
        new StringBuilder(String.format(Locale.ROOT, "%s images, %d classes%n", shape, classes));
    int width = Math.max(5, rows.stream().mapToInt(r -> r.model().length()).max().orElse(0));
    out.append(
        String.format(
            Locale.ROOT,
            "%-" + width + "s  %-10s  %12s  %12s%n",
            "model",
            "algebra",
            "params",
            "prunable"));
    for (Row r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-" + width + "s  %-10s  %,12d  %,12d%n",
              r.model(),
              r.algebra(),
              r.params(),
              r.prunable()));
    }
    return out.toString();
  }

  /** Sorts resnet-18 before resnet-101: digit runs compare as numbers. */
  static String naturalKey(String name) {
    Matcher m = Pattern.compile("\\d+").matcher(name);
    StringBuilder key = new StringBuilder();
    int last = 0;
    while (m.find()) {
      key.append(name, last, m.start())
          .append(String.format(Locale.ROOT, "%010d", Long.parseLong(m.group())));
      last = m.end();
    }
    return key.append(name.substring(last)).toString();
  }

  /** Counting needs a configuration only; the optimizer has no influence on the counts. */
  private static final Optimizer COUNTING =
      new Optimizer() {
        @Override
        public double learningRate() {
          return 0.1;
        }

        @Override
        public double weightDecay() {
          return 0;
        }

        @Override
        public IUpdater updater() {
          return new Sgd(0.1);
        }
      };
}

package org.fraction.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.data.ExampleCursor;
import org.fraction.engine.data.ExampleSet;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.settings.DatasetKeys;
import org.fraction.engine.workflow.Configured;
import org.fraction.engine.workflow.Node;
import org.fraction.engine.workflow.Position;
import org.fraction.engine.workflow.Problems;
import org.fraction.engine.workflow.SettingsBinder;
import org.fraction.inference.BadImageException;
import org.fraction.inference.ImageFiles;
import org.fraction.inference.InferenceModel;
import org.fraction.inference.InputSpec;
import org.fraction.inference.KernelChoice;
import org.fraction.inference.ModelFileException;
import org.fraction.inference.Session;
import org.fraction.spi.Kind;
import org.fraction.spi.data.Dataset;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.data.Split;

/**
 * {@code fraction predict}: classifies images of a data set or image files with an exported model.
 */
final class PredictCommand implements Command {

  @Override
  public String name() {
    return "predict";
  }

  @Override
  public String usage() {
    return "predict FILE --input DATASET[:train|test] | IMAGE | DIR ... [--batch N] [--limit N]"
        + " [--summary]";
  }

  @Override
  public String summary() {
    return "classify images of a data set or image files with an exported model";
  }

  /**
   * Images to classify: 8-bit planar pixels, a name for each, and labels where known (-1 where
   * not).
   */
  private record Inputs(List<String> names, byte[] pixels, int[] labels) {}

  @Override
  public int run(List<String> args, Cli cli) throws Exception {
    Options options =
        new Options()
            .addOption(
                Option.builder()
                    .longOpt("input")
                    .hasArgs()
                    .argName("SOURCE")
                    .desc(
                        "a data set and split (mnist, mnist:train, cifar-10:test; default split"
                            + " test), an image file, or a directory of image files (PNG, JPEG,"
                            + " BMP, GIF); repeatable")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("batch")
                    .hasArg()
                    .argName("N")
                    .desc("images per batch (default 64)")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("limit")
                    .hasArg()
                    .argName("N")
                    .desc("classify only the first N images")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("summary")
                    .desc("print only the accuracy and speed, not one line per image")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("kernels")
                    .hasArg()
                    .argName("MODE")
                    .desc(
                        "auto (default: sparse or dense per layer by its density), dense or sparse")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("data-dir")
                    .hasArg()
                    .argName("DIR")
                    .desc("data root for data sets (default $FRACTION_DATA or ~/.fraction/data)")
                    .build())
            .addOption(Cli.pluginsOption());
    CommandLine line = Cli.parse(this, options, args);
    if (Cli.wantsHelp(this, line, options, cli.out)) {
      return 0;
    }
    Path file = Path.of(Cli.positional(this, line, 1, 1).get(0));
    String[] sources = line.getOptionValues("input");
    if (sources == null || sources.length == 0) {
      throw CliException.usage("--input is required\nusage: fraction " + usage());
    }
    int batch = positive(line, "batch", 64);
    int limit = positive(line, "limit", Integer.MAX_VALUE);
    KernelChoice.Mode mode;
    try {
      mode = KernelChoice.Mode.of(line.getOptionValue("kernels", "auto"));
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--kernels: " + e.getMessage());
    }
    if (line.hasOption("data-dir")) {
      System.setProperty(
          "fraction.data", Path.of(line.getOptionValue("data-dir")).toAbsolutePath().toString());
    }
    InferenceModel model;
    try {
      model = InferenceModel.load(file, mode);
    } catch (ModelFileException e) {
      throw new CliException(2, e.getMessage());
    }
    InputSpec spec = model.input();
    List<Inputs> parts = new ArrayList<>();
    int total = 0;
    try {
      for (String source : sources) {
        if (total >= limit) {
          break;
        }
        Inputs in = read(source, spec, limit - total, line, cli);
        parts.add(in);
        total += in.labels().length;
      }
    } catch (BadImageException e) {
      throw new CliException(2, e.getMessage());
    }
    boolean summary = line.hasOption("summary");
    if (!summary) {
      cli.out.println("input,label,predicted,probability");
    }
    Session session = model.session(batch);
    int classes = model.classes();
    long correct = 0;
    long labelled = 0;
    long start = System.nanoTime();
    for (Inputs in : parts) {
      int n = in.labels().length;
      for (int from = 0; from < n; from += batch) {
        int count = Math.min(batch, n - from);
        float[] p = session.logits(in.pixels(), from * spec.imageBytes(), count);
        Session.softmax(p, classes);
        int[] predicted = Session.argmax(p, classes);
        for (int b = 0; b < count; b++) {
          int label = in.labels()[from + b];
          if (label >= 0) {
            labelled++;
            correct += label == predicted[b] ? 1 : 0;
          }
          if (!summary) {
            cli.out.printf(
                Locale.ROOT,
                "%s,%s,%d,%.4f%n",
                csv(in.names().get(from + b)),
                label >= 0 ? String.valueOf(label) : "",
                predicted[b],
                p[b * classes + predicted[b]]);
          }
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (labelled > 0) {
      cli.out.printf(
          Locale.ROOT,
          "accuracy %.4f (%d of %d labelled images)%n",
          (double) correct / labelled,
          correct,
          labelled);
    }
    cli.out.printf(
        Locale.ROOT,
        "%d images in %.3f s (%.0f images/s, batches of %d)%n",
        total,
        seconds,
        total / seconds,
        batch);
    return 0;
  }

  private static String csv(String field) {
    return field.contains(",") || field.contains("\"")
        ? "\"" + field.replace("\"", "\"\"") + "\""
        : field;
  }

  private static int positive(CommandLine line, String option, int fallback) {
    if (!line.hasOption(option)) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(line.getOptionValue(option));
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw CliException.usage(
        "--"
            + option
            + " must be a positive whole number, got '"
            + line.getOptionValue(option)
            + "'");
  }

  /** A data set when the source names one (a file of that name is given as ./NAME), else files. */
  private Inputs read(String source, InputSpec spec, int limit, CommandLine line, Cli cli)
      throws IOException {
    String type = source;
    String splitName = "test";
    int colon = source.lastIndexOf(':');
    if (colon > 0) {
      type = source.substring(0, colon);
      splitName = source.substring(colon + 1);
    }
    Plugins plugins = cli.plugins();
    if (!plugins.names(Kind.DATASET).contains(type)) {
      Path path = Path.of(source);
      if (!Files.exists(path)) {
        throw CliException.usage(
            "--input "
                + source
                + ": no such file or directory, and not a data set (data sets: "
                + String.join(", ", plugins.names(Kind.DATASET))
                + ", optionally with :train or :test)");
      }
      return images(ImageFiles.list(path), spec, limit);
    }
    Split split =
        switch (splitName) {
          case "train" -> Split.TRAIN;
          case "test" -> Split.TEST;
          default ->
              throw CliException.usage(
                  "--input "
                      + source
                      + ": the split must be train or test, got '"
                      + splitName
                      + "'");
        };
    Problems problems = new Problems();
    Configured<DatasetKeys, Dataset> block =
        new SettingsBinder(plugins)
            .bindPlugin(
                new Node.ScalarNode(type, false, Position.commandLine("--input " + source)),
                "dataset",
                Kind.DATASET,
                DatasetKeys.class,
                problems);
    problems.throwIfAny();
    Dataset dataset = block.create();
    DatasetInfo info = dataset.info();
    if (info.shape().height() != spec.height()
        || info.shape().width() != spec.width()
        || info.shape().channels() != spec.channels()) {
      throw CliException.usage(
          "--input "
              + source
              + ": its images are "
              + info.shape()
              + "; the model takes "
              + spec.shape()
              + " images");
    }
    dataset.prepare(message -> cli.err.println(message));
    ExampleSet examples = DataCache.load(dataset.shards(split), info);
    int n = (int) Math.min(limit, examples.size());
    byte[] pixels = new byte[n * spec.imageBytes()];
    int[] labels = new int[n];
    List<String> names = new ArrayList<>(n);
    try (ExampleCursor cursor = examples.open(null)) {
      for (int i = 0; i < n; i++) {
        labels[i] = cursor.next(pixels, i * spec.imageBytes());
        names.add(type + ":" + split.name().toLowerCase(Locale.ROOT) + "#" + i);
      }
    }
    return new Inputs(names, pixels, labels);
  }

  private static Inputs images(List<Path> files, InputSpec spec, int limit) throws IOException {
    int n = Math.min(limit, files.size());
    byte[] pixels = new byte[n * spec.imageBytes()];
    int[] labels = new int[n];
    List<String> names = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ImageFiles.read(files.get(i), spec, pixels, i * spec.imageBytes());
      labels[i] = -1;
      names.add(files.get(i).toString());
    }
    return new Inputs(names, pixels, labels);
  }
}

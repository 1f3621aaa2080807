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
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.export.ModelExport;
import org.fraction.export.TrialRound;
import org.fraction.inference.NodeSpec;
import org.fraction.inference.Weight;
import org.fraction.spi.store.RoundFileSchema;

/**
 * {@code fraction export}: a trial's round as a compact model file for {@code fraction predict}.
 */
final class ExportCommand implements Command {

  private final DataCache data;
  private final WorkflowLoader.Factory loaders;

  @Inject
  ExportCommand(DataCache data, WorkflowLoader.Factory loaders) {
    this.data = data;
    this.loaders = loaders;
  }

  @Override
  public String name() {
    return "export";
  }

  @Override
  public String usage() {
    return "export RUN_DIR/<trial> [--round K] --out FILE [--plugins JAR]";
  }

  @Override
  public String summary() {
    return "a round's surviving weights as a self-contained model file (sparse, batch norm folded)";
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
                    .desc("the round to export (default: the last finished)")
                    .build())
            .addOption(
                Option.builder()
                    .longOpt("out")
                    .hasArg()
                    .argName("FILE")
                    .desc("the model file to write")
                    .build())
            .addOption(Cli.pluginsOption());
    CommandLine line = Cli.parse(this, options, args);
    if (Cli.wantsHelp(this, line, options, cli.out)) {
      return 0;
    }
    Path trialDir = Path.of(Cli.positional(this, line, 1, 1).get(0));
    if (!line.hasOption("out")) {
      throw CliException.usage("--out FILE is required\nusage: fraction " + usage());
    }
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
    Path out = Path.of(line.getOptionValue("out"));
    if (Files.isDirectory(out)) {
      throw CliException.usage(
          "--out "
              + out
              + " is a directory; give the model file's name, e.g. "
              + out.resolve("model.h5"));
    }
    TrialRound source = TrialRound.read(trialDir, round, loaders.create(), cli.err::println);
    ModelExport.Result result = ModelExport.export(source, out, data);
    Object accuracy = result.spec().metadata().get(RoundFileSchema.TEST_ACCURACY);
    cli.out.printf(
        Locale.ROOT,
        "wrote %s (%,d bytes): %s, %s, trial %s%s round %d%s%n",
        out,
        result.bytes(),
        source.trial().settings().model().typeName(),
        source.algebra().id(),
        source.trial().id(),
        source.control().isEmpty() ? "" : " (" + source.control() + ")",
        source.round(),
        accuracy instanceof Number a
            ? String.format(Locale.ROOT, ", test accuracy %.4f", a.doubleValue())
            : "");
    cli.out.printf(
        "  %-28s %-12s %-22s %12s %12s %8s%n",
        "layer", "operation", "weight", "kept", "of", "density");
    for (NodeSpec n : result.spec().nodes()) {
      Weight w =
          n instanceof NodeSpec.Dense d
              ? d.weight()
              : n instanceof NodeSpec.Convolution c ? c.weight() : null;
      if (w == null) {
        continue;
      }
      long[] counts = counts(w);
      cli.out.printf(
          Locale.ROOT,
          "  %-28s %-12s %-22s %,12d %,12d %7.2f%%%n",
          n.name(),
          n.op(),
          form(w),
          counts[0],
          counts[1],
          100.0 * counts[0] / counts[1]);
    }
    cli.out.printf(
        Locale.ROOT,
        "  %d operations; weights as the real layers they act as: %,d of %,d kept (%.2f%%)%n",
        result.spec().nodes().size(),
        result.nonZeros(),
        result.weights(),
        100.0 * result.nonZeros() / result.weights());
    return 0;
  }

  /**
   * Kept and total stored parameters: weights for real layers, quaternions for quaternion layers.
   */
  private static long[] counts(Weight w) {
    if (w instanceof Weight.Real r) {
      return new long[] {r.nonZeros(), r.size()};
    }
    if (w instanceof Weight.Quaternion q) {
      return new long[] {q.quaternions(), w.realSize() / 16};
    }
    Weight.QuaternionComponents q = (Weight.QuaternionComponents) w;
    long kept = 0;
    for (Weight.Real c : q.components()) {
      kept += c.nonZeros();
    }
    return new long[] {kept, w.realSize() / 4};
  }

  private static String form(Weight w) {
    if (w instanceof Weight.Real) {
      return "real";
    }
    return w instanceof Weight.Quaternion ? "quaternions (whole)" : "quaternion entries";
  }
}

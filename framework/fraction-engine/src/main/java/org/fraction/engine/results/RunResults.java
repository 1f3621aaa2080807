package org.fraction.engine.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.fraction.engine.store.MatrixChoices;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.StabilityFiles;
import org.fraction.engine.store.StabilityResult;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.store.RoundFileSchema;

/** Reads the finished rounds of a workflow's run directory (or of one trial's directory). */
public final class RunResults {

  private RunResults() {}

  /** The trial directories under {@code runDir}, or {@code runDir} itself if it is one. */
  public static List<TrialDirectory> trials(Path runDir) throws IOException {
    if (!Files.isDirectory(runDir)) {
      throw new BadDataException(runDir, "no such run directory");
    }
    if (Files.isRegularFile(runDir.resolve(TrialDirectory.DOCUMENT))) {
      return List.of(new TrialDirectory(runDir));
    }
    List<TrialDirectory> out = new ArrayList<>();
    try (Stream<Path> children = Files.list(runDir)) {
      children
          .filter(p -> Files.isRegularFile(p.resolve(TrialDirectory.DOCUMENT)))
          .sorted()
          .forEach(p -> out.add(new TrialDirectory(p)));
    }
    if (out.isEmpty()) {
      throw new BadDataException(
          runDir, "holds no trials (expected <runs>/<workflow name>/<trial id>/workflow.yaml)");
    }
    return out;
  }

  /**
   * Every finished round, by trial, control ("" first) and round. Round files that cannot be read
   * are left out and named to {@code warnings}, as is a trial whose rounds were made with different
   * native thread counts or builds (their last digits may differ).
   */
  public static List<ResultRow> read(Path runDir, Consumer<String> warnings) throws IOException {
    List<ResultRow> rows = new ArrayList<>();
    for (TrialDirectory trial : trials(runDir)) {
      Set<String> runtimes = new TreeSet<>();
      Map<String, String> matrix = matrixChoices(trial, warnings);
      readRounds(trial, matrix, rows, runtimes, warnings);
      for (String control : trial.controls()) {
        readRounds(trial.control(control), matrix, rows, runtimes, warnings);
      }
      if (runtimes.size() > 1) {
        warnings.accept(
            trial.path()
                + ": its rounds were made with different native settings ("
                + String.join("; ", runtimes)
                + "); their results may differ in the last digits from a run made with one");
      }
    }
    rows.sort(
        Comparator.comparing(ResultRow::trial)
            .thenComparing(ResultRow::control)
            .thenComparingInt(ResultRow::round));
    return rows;
  }

  /** Files written before the retraining modes existed were all weight rewinding. */
  private static String method(RoundData r) {
    String method = r.text(RoundFileSchema.METHOD);
    return method.isEmpty() && !r.text(RoundFileSchema.PRUNING).isEmpty()
        ? "weight-rewind"
        : method;
  }

  /** The trial's matrix values; none, with a warning, when its file cannot be read. */
  private static Map<String, String> matrixChoices(TrialDirectory trial, Consumer<String> warnings)
      throws IOException {
    try {
      return MatrixChoices.read(trial);
    } catch (BadDataException e) {
      warnings.accept(e.getMessage() + "; its matrix columns are left empty");
      return Map.of();
    }
  }

  private static void readRounds(
      TrialDirectory dir,
      Map<String, String> matrix,
      List<ResultRow> rows,
      Set<String> runtimes,
      Consumer<String> warnings)
      throws IOException {
    List<StabilityResult> stability = StabilityFiles.readAll(dir);
    for (int round : dir.rounds()) {
      Path file = dir.roundFile(round);
      RoundData r;
      ResultRow row;
      try {
        r = RoundFiles.readSummary(file);
        row =
            new ResultRow(
                r.text(RoundFileSchema.TRIAL),
                r.text(RoundFileSchema.CONTROL),
                r.text(RoundFileSchema.ALGEBRA),
                (int) r.number(RoundFileSchema.ROUND),
                r.number(RoundFileSchema.DENSITY),
                r.number(RoundFileSchema.DENSITY_VS_REAL),
                (long) r.number(RoundFileSchema.PARAMS_REMAINING),
                r.number(RoundFileSchema.TEST_ACCURACY),
                r.number(RoundFileSchema.BEST_TEST_ACCURACY),
                r.text(RoundFileSchema.MODEL),
                r.text(RoundFileSchema.DATASET),
                (long) r.number(RoundFileSchema.SEED),
                r.number(RoundFileSchema.TEST_LOSS),
                r.number(RoundFileSchema.TRAIN_LOSS),
                (long) r.number(RoundFileSchema.EPOCHS),
                r.number(RoundFileSchema.SECONDS),
                r.text(RoundFileSchema.PRUNING),
                method(r),
                r.text(RoundFileSchema.MASK_SOURCE),
                r.text(RoundFileSchema.COLLAPSED_LAYERS).isEmpty()
                    ? null
                    : (long) r.number(RoundFileSchema.COLLAPSED_LAYERS),
                file,
                StabilityFiles.barrierOf(stability, round),
                matrix);
      } catch (BadDataException | IllegalStateException e) {
        String problem =
            e instanceof BadDataException ? e.getMessage() : file + ": " + e.getMessage();
        warnings.accept(problem + "; round " + round + " is left out");
        continue;
      }
      rows.add(row);
      if (r.attributes().containsKey(RoundFileSchema.NATIVE_THREADS)) {
        runtimes.add(
            r.text(RoundFileSchema.NATIVE_THREADS)
                + " threads, build "
                + r.text(RoundFileSchema.NATIVE_BUILD));
      }
    }
  }
}

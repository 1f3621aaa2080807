package org.fraction.engine.store;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fraction.inference.AtomicWrite;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.store.RoundFileSchema;
import org.fraction.spi.store.StabilityFileSchema;

/**
 * Stability files beside a trial's round files, {@code stability-round-<k>-<rewind>[-bn].h5} (HDF5,
 * written under a temporary name and renamed like round files):
 *
 * <pre>
 * /             attributes: format, trial, round, rewind, trial_rewind (0/1), recompute_bn (0/1),
 *               seed_a, seed_b, epochs, points, error_barrier, loss_barrier
 * /path/alpha           float64 per point: the second copy's weight, 0 to 1
 * /path/test_accuracy   float64 per point
 * /path/test_error      float64 per point (1 − accuracy)
 * /path/test_loss       float64 per point
 * </pre>
 */
public final class StabilityFiles {

  public static final String FORMAT = StabilityFileSchema.FORMAT_NAME;
  private static final Pattern NAME = Pattern.compile("stability-round-(\\d+)-.+\\.h5");

  private StabilityFiles() {}

  public static Path file(
      TrialDirectory dir, int round, String rewind, boolean recomputeBatchNorm) {
    return dir.path()
        .resolve(
            "stability-round-" + round + "-" + rewind + (recomputeBatchNorm ? "-bn" : "") + ".h5");
  }

  public static void write(Path file, StabilityResult r) throws IOException {
    AtomicWrite.write(
        file,
        tmp -> {
          try (WritableHdfFile h5 = HdfFile.write(tmp)) {
            h5.putAttribute(StabilityFileSchema.FORMAT, FORMAT);
            h5.putAttribute(StabilityFileSchema.TRIAL, r.trial());
            h5.putAttribute(StabilityFileSchema.ROUND, (long) r.round());
            h5.putAttribute(StabilityFileSchema.REWIND, r.rewind());
            h5.putAttribute(StabilityFileSchema.TRIAL_REWIND, r.trialRewind() ? 1L : 0L);
            h5.putAttribute(StabilityFileSchema.RECOMPUTE_BN, r.recomputeBatchNorm() ? 1L : 0L);
            h5.putAttribute(StabilityFileSchema.SEED_A, r.seeds()[0]);
            h5.putAttribute(StabilityFileSchema.SEED_B, r.seeds()[1]);
            h5.putAttribute(StabilityFileSchema.EPOCHS, r.epochs());
            h5.putAttribute(StabilityFileSchema.POINTS, (long) r.points());
            h5.putAttribute(StabilityFileSchema.ERROR_BARRIER, r.errorBarrier());
            h5.putAttribute(StabilityFileSchema.LOSS_BARRIER, r.lossBarrier());
            WritableGroup path = h5.putGroup(StabilityFileSchema.PATH);
            double[] error = new double[r.points()];
            for (int i = 0; i < error.length; i++) {
              error[i] = r.testError(i);
            }
            path.putDataset(StabilityFileSchema.ALPHA, r.alpha());
            path.putDataset(StabilityFileSchema.TEST_ACCURACY, r.testAccuracy());
            path.putDataset(StabilityFileSchema.TEST_ERROR, error);
            path.putDataset(StabilityFileSchema.TEST_LOSS, r.testLoss());
          }
        });
  }

  public static StabilityResult read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new BadDataException(file, "no such stability file");
    }
    try (HdfFile h5 = new HdfFile(file)) {
      Map<String, Object> a = new LinkedHashMap<>();
      for (Map.Entry<String, Attribute> e : h5.getAttributes().entrySet()) {
        a.put(e.getKey(), RoundFiles.scalar(e.getValue().getData()));
      }
      if (!FORMAT.equals(a.get(StabilityFileSchema.FORMAT))) {
        throw new BadDataException(
            file,
            "not a Fraction stability file (format attribute is "
                + a.get(StabilityFileSchema.FORMAT)
                + ")");
      }
      return new StabilityResult(
          (String) a.get(StabilityFileSchema.TRIAL),
          (int) integer(a, StabilityFileSchema.ROUND),
          (String) a.get(StabilityFileSchema.REWIND),
          integer(a, StabilityFileSchema.TRIAL_REWIND) == 1,
          integer(a, StabilityFileSchema.RECOMPUTE_BN) == 1,
          new long[] {
            integer(a, StabilityFileSchema.SEED_A), integer(a, StabilityFileSchema.SEED_B)
          },
          integer(a, StabilityFileSchema.EPOCHS),
          column(h5, StabilityFileSchema.ALPHA),
          column(h5, StabilityFileSchema.TEST_ACCURACY),
          column(h5, StabilityFileSchema.TEST_LOSS));
    } catch (BadDataException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BadDataException(file, "cannot read stability file: " + e.getMessage());
    }
  }

  private static long integer(Map<String, Object> attributes, String name) {
    return ((Number) attributes.get(name)).longValue();
  }

  private static double[] column(HdfFile h5, String name) {
    return (double[])
        h5.getDatasetByPath(RoundFileSchema.path(StabilityFileSchema.PATH, name)).getDataFlat();
  }

  /** Every stability file of the trial directory, by round then name. */
  public static List<StabilityResult> readAll(TrialDirectory dir) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(dir.path())) {
      try (Stream<Path> list = Files.list(dir.path())) {
        list.filter(f -> NAME.matcher(f.getFileName().toString()).matches())
            .sorted()
            .forEach(files::add);
      }
    }
    List<StabilityResult> out = new ArrayList<>();
    for (Path f : files) {
      out.add(read(f));
    }
    out.sort(java.util.Comparator.comparingInt(StabilityResult::round));
    return out;
  }

  /**
   * The error barrier the results table shows for a round: measured at the trial's own rewind point
   * if it was, else the first measured; NaN when the round has none.
   */
  public static double barrierOf(List<StabilityResult> results, int round) {
    StabilityResult chosen = null;
    for (StabilityResult r : results) {
      if (r.round() == round && (chosen == null || r.trialRewind() && !chosen.trialRewind())) {
        chosen = r;
      }
    }
    return chosen == null ? Double.NaN : chosen.errorBarrier();
  }
}

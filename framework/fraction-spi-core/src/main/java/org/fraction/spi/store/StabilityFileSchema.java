package org.fraction.spi.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names and types of a stability file ({@code stability-round-<k>-<rewind>[-bn].h5}: the linear
 * path between two copies of a round trained with different data orders). Types as in {@link
 * RoundFileSchema}.
 */
public final class StabilityFileSchema {

  /** string: always {@value #FORMAT_NAME}. */
  public static final String FORMAT = RoundFileSchema.FORMAT;

  /** string: the trial's id. */
  public static final String TRIAL = RoundFileSchema.TRIAL;

  /** int64: the round whose masks both copies train under. */
  public static final String ROUND = RoundFileSchema.ROUND;

  /**
   * string: the rewind point both copies start from: {@code init}, {@code <N>it} or {@code <N>ep}.
   */
  public static final String REWIND = "rewind";

  /** int64 0/1: the rewind point is the trial's own. */
  public static final String TRIAL_REWIND = "trial_rewind";

  /** int64 0/1: batch-norm statistics were recomputed at every point of the path. */
  public static final String RECOMPUTE_BN = "recompute_bn";

  /** int64: the first copy's data-order seed. */
  public static final String SEED_A = "seed_a";

  /** int64: the second copy's data-order seed. */
  public static final String SEED_B = "seed_b";

  /** int64: epochs each copy trained. */
  public static final String EPOCHS = RoundFileSchema.EPOCHS;

  /** int64: points on the path. */
  public static final String POINTS = "points";

  /** float64: the largest rise of the test error along the path over the mean of its ends. */
  public static final String ERROR_BARRIER = "error_barrier";

  /** float64: the largest rise of the test loss along the path over the mean of its ends. */
  public static final String LOSS_BARRIER = "loss_barrier";

  /** Group of float64 datasets, one value per point of the path (see {@link #PATH_DATASETS}). */
  public static final String PATH = "path";

  /** float64 per point: the second copy's weight, 0 to 1. */
  public static final String ALPHA = "alpha";

  /** float64 per point: test accuracy. */
  public static final String TEST_ACCURACY = RoundFileSchema.TEST_ACCURACY;

  /** float64 per point: test error, 1 − accuracy. */
  public static final String TEST_ERROR = "test_error";

  /** float64 per point: mean test cross-entropy. */
  public static final String TEST_LOSS = RoundFileSchema.TEST_LOSS;

  /** The value of the {@link #FORMAT} attribute. */
  public static final String FORMAT_NAME = "fraction-stability";

  /** The datasets under {@code /path}, in the order they are written. */
  public static final List<String> PATH_DATASETS =
      List.of(ALPHA, TEST_ACCURACY, TEST_ERROR, TEST_LOSS);

  /**
   * Every attribute of a stability file with its type, as in {@link
   * RoundFileSchema#ROUND_ATTRIBUTES}.
   */
  public static final Map<String, String> ATTRIBUTES =
      Collections.unmodifiableMap(
          new LinkedHashMap<>(
              Map.ofEntries(
                  Map.entry(FORMAT, "string"),
                  Map.entry(RoundFileSchema.HDF5_WRITER, "string"),
                  Map.entry(TRIAL, "string"),
                  Map.entry(ROUND, "int64"),
                  Map.entry(REWIND, "string"),
                  Map.entry(TRIAL_REWIND, "int64"),
                  Map.entry(RECOMPUTE_BN, "int64"),
                  Map.entry(SEED_A, "int64"),
                  Map.entry(SEED_B, "int64"),
                  Map.entry(EPOCHS, "int64"),
                  Map.entry(POINTS, "int64"),
                  Map.entry(ERROR_BARRIER, "float64"),
                  Map.entry(LOSS_BARRIER, "float64"))));

  private StabilityFileSchema() {}
}

package org.fraction.spi.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names, types and meaning of everything a round file holds (HDF5, one per finished round of a
 * trial, and the same layout for a round's epoch checkpoint). Every module that writes or reads
 * round files spells the names through these constants; docs/round-file.md is the reader's guide.
 *
 * <p>Types: {@code string} is a variable-length UTF-8 string, {@code int64} a signed 64-bit integer
 * (flags are 0/1), {@code float64} a double.
 */
public final class RoundFileSchema {

  /** string: always {@value #FORMAT_NAME}; tells a round file from other HDF5 files. */
  public static final String FORMAT = "format";

  /** int64: the layout's version, {@value #FORMAT_VERSION_NUMBER} today. */
  public static final String FORMAT_VERSION = "format_version";

  /**
   * string: the version of jhdf, the HDF5 library that wrote the file (jhdf adds it to every file).
   */
  public static final String HDF5_WRITER = "_jHDF";

  // Written for every round of a trial (the trial's identity and the native settings).
  /** string: the workflow's name. */
  public static final String WORKFLOW = "workflow";

  /** string: the trial's id (its directory name). */
  public static final String TRIAL = "trial";

  /** string: the control's name (e.g. random reinitialisation), "" for the ticket itself. */
  public static final String CONTROL = "control";

  /** int64: the trial's seed. */
  public static final String SEED = "seed";

  /** string: the model's type name. */
  public static final String MODEL = "model";

  /** string: the model's algebra, {@code real} or {@code quaternion}. */
  public static final String ALGEBRA = "algebra";

  /** string: the dataset's type name. */
  public static final String DATASET = "dataset";

  /** string: the pruning strategy's type name, "" when the trial does not prune. */
  public static final String PRUNING = "pruning";

  /**
   * string: the pruning method (how rounds follow each other), "" when the trial does not prune.
   */
  public static final String METHOD = "method";

  /** string: where the pruned masks come from, "" when the trial does not prune. */
  public static final String MASK_SOURCE = "mask_source";

  /** string: the Fraction version that wrote the file. */
  public static final String VERSION = "version";

  /** int64: OpenMP threads of the native kernels (another count changes the last digits). */
  public static final String NATIVE_THREADS = "native_threads";

  /** string: the nd4j-native build that ran, e.g. {@code linux-x86_64-onednn-avx512}. */
  public static final String NATIVE_BUILD = "native_build";

  // Written when a round ends (round files only).
  /** int64: the round's number, 0 for the dense network. */
  public static final String ROUND = "round";

  /** float64: the fraction of prunable weights kept, 0 to 1. */
  public static final String DENSITY = "density";

  /** float64: kept prunable weights over the prunable weights of the equivalent real network. */
  public static final String DENSITY_VS_REAL = "density_vs_real";

  /** int64: trainable parameters left after pruning. */
  public static final String PARAMS_REMAINING = "params_remaining";

  /** int64: trainable parameters of the dense network. */
  public static final String PARAMS_TOTAL = "params_total";

  /** int64: prunable weights (the masks' total size). */
  public static final String PRUNABLE = "prunable";

  /** int64: prunable weights the masks keep. */
  public static final String PRUNABLE_REMAINING = "prunable_remaining";

  /** int64: prunable tensors whose mask keeps no weight at all. */
  public static final String COLLAPSED_LAYERS = "collapsed_layers";

  /** int64: prunable weights of the equivalent real network (the base of density_vs_real). */
  public static final String REAL_PRUNABLE = "real_prunable";

  /** float64: test accuracy after the round's last epoch, 0 to 1. */
  public static final String TEST_ACCURACY = "test_accuracy";

  /** float64: the best test accuracy over the round's epochs, 0 to 1. */
  public static final String BEST_TEST_ACCURACY = "best_test_accuracy";

  /** float64: mean test cross-entropy after the round's last epoch. */
  public static final String TEST_LOSS = "test_loss";

  /** float64: mean training cross-entropy of the round's last epoch. */
  public static final String TRAIN_LOSS = "train_loss";

  /** int64: epochs the round trained. */
  public static final String EPOCHS = "epochs";

  /** int64: optimizer steps the round took. */
  public static final String ITERATIONS = "iterations";

  /** float64: seconds the round took (training and evaluation, summed over epochs). */
  public static final String SECONDS = "seconds";

  /**
   * string: how the round's steps were taken, {@code fused dense, fused adam} (or {@code fused
   * dense, deeplearning4j updater}) or {@code deeplearning4j fit (why not fused)}; the two agree up
   * to float rounding.
   */
  public static final String TRAINING_STEP = "training_step";

  // Written in epoch checkpoints only (besides the trial's attributes and ROUND).
  /** int64: optimizer steps taken when the checkpoint was written. */
  public static final String ITERATIONS_DONE = "iterations_done";

  /** int64: epochs finished when the checkpoint was written. */
  public static final String EPOCHS_DONE = "epochs_done";

  /**
   * Group of float32 datasets {@code /weights/<layer>/<param>}: every parameter, in its shape, c
   * order.
   */
  public static final String WEIGHTS = "weights";

  /**
   * Group of int8 0/1 datasets {@code /masks/<layer>/<param>}: the mask of every prunable tensor.
   */
  public static final String MASKS = "masks";

  /**
   * Group of float32 datasets {@code /rewind/<layer>/<param>}, round 0 only: the weights later
   * rounds rewind to.
   */
  public static final String REWIND = "rewind";

  /**
   * Group of float64 datasets {@code /metrics/<name>}, one value per epoch (see {@link #METRICS}).
   */
  public static final String METRICS_GROUP = "metrics";

  /** Group holding {@link #UPDATER_STATE}, epoch checkpoints only. */
  public static final String UPDATER = "updater";

  /** Dataset name: float32, the optimizer's flattened state (checkpoints only). */
  public static final String UPDATER_STATE = "state";

  /** The value of the {@link #FORMAT} attribute. */
  public static final String FORMAT_NAME = "fraction-round";

  /** The value of the {@link #FORMAT_VERSION} attribute. */
  public static final long FORMAT_VERSION_NUMBER = 1;

  /** float64 per epoch: the epoch's number, from 1. */
  public static final String EPOCH = "epoch";

  /** float64 per epoch: the learning rate at the epoch's end. */
  public static final String LEARNING_RATE = "learning_rate";

  /** float64 per epoch: training images per second. */
  public static final String IMAGES_PER_SEC = "images_per_sec";

  /**
   * The per-epoch metrics under {@code /metrics}, in the order they are written; train_loss,
   * test_loss, test_accuracy and seconds mean what the round attributes of the same name mean, for
   * one epoch; density is the masks' density at the epoch's end.
   */
  public static final List<String> METRICS =
      List.of(
          EPOCH,
          TRAIN_LOSS,
          TEST_LOSS,
          TEST_ACCURACY,
          LEARNING_RATE,
          IMAGES_PER_SEC,
          SECONDS,
          DENSITY);

  /**
   * Every attribute of a finished round file with its type ({@code string}, {@code int64} or {@code
   * float64}).
   */
  public static final Map<String, String> ROUND_ATTRIBUTES =
      types(
          FORMAT,
          "string",
          FORMAT_VERSION,
          "int64",
          HDF5_WRITER,
          "string",
          WORKFLOW,
          "string",
          TRIAL,
          "string",
          CONTROL,
          "string",
          SEED,
          "int64",
          MODEL,
          "string",
          ALGEBRA,
          "string",
          DATASET,
          "string",
          PRUNING,
          "string",
          METHOD,
          "string",
          MASK_SOURCE,
          "string",
          VERSION,
          "string",
          NATIVE_THREADS,
          "int64",
          NATIVE_BUILD,
          "string",
          ROUND,
          "int64",
          DENSITY,
          "float64",
          DENSITY_VS_REAL,
          "float64",
          PARAMS_REMAINING,
          "int64",
          PARAMS_TOTAL,
          "int64",
          PRUNABLE,
          "int64",
          PRUNABLE_REMAINING,
          "int64",
          COLLAPSED_LAYERS,
          "int64",
          REAL_PRUNABLE,
          "int64",
          TEST_ACCURACY,
          "float64",
          BEST_TEST_ACCURACY,
          "float64",
          TEST_LOSS,
          "float64",
          TRAIN_LOSS,
          "float64",
          EPOCHS,
          "int64",
          ITERATIONS,
          "int64",
          SECONDS,
          "float64",
          TRAINING_STEP,
          "string");

  /** The top-level groups of a finished round file; {@link #REWIND} is present in round 0 only. */
  public static final List<String> ROUND_GROUPS = List.of(WEIGHTS, MASKS, REWIND, METRICS_GROUP);

  private RoundFileSchema() {}

  /** The HDF5 path of a dataset, e.g. {@code /metrics/test_accuracy}. */
  public static String path(String group, String... names) {
    return "/" + group + "/" + String.join("/", names);
  }

  private static Map<String, String> types(String... nameTypePairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      out.put(nameTypePairs[i], nameTypePairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}

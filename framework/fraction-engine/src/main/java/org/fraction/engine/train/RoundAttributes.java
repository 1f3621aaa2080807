package org.fraction.engine.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraction.spi.store.RoundFileSchema;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.RoundSummary;

/** The root attributes of a round's files: the job's metadata plus what the round counted. */
final class RoundAttributes {

  private RoundAttributes() {}

  /** An epoch checkpoint's: where in the round it was taken. */
  static Map<String, Object> checkpoint(
      Map<String, Object> metadata, int round, long iterationsDone, int epochsDone) {
    Map<String, Object> attrs = new LinkedHashMap<>(metadata);
    attrs.put(RoundFileSchema.ROUND, (long) round);
    attrs.put(RoundFileSchema.ITERATIONS_DONE, iterationsDone);
    attrs.put(RoundFileSchema.EPOCHS_DONE, (long) epochsDone);
    return attrs;
  }

  /** A finished round's: its results, counts and time. */
  static Map<String, Object> finished(
      Map<String, Object> metadata, RoundSummary summary, RoundState state) {
    List<EpochMetrics> history = state.history;
    EpochMetrics last = history.get(history.size() - 1);
    Map<String, Object> attrs = new LinkedHashMap<>(metadata);
    attrs.put(RoundFileSchema.ROUND, (long) summary.round());
    attrs.put(RoundFileSchema.DENSITY, summary.density());
    attrs.put(RoundFileSchema.DENSITY_VS_REAL, summary.densityVsReal());
    attrs.put(RoundFileSchema.PARAMS_REMAINING, summary.paramsRemaining());
    attrs.put(RoundFileSchema.PARAMS_TOTAL, state.net.trainableCount());
    attrs.put(RoundFileSchema.PRUNABLE, state.masks.size());
    attrs.put(RoundFileSchema.PRUNABLE_REMAINING, state.masks.remaining());
    attrs.put(RoundFileSchema.COLLAPSED_LAYERS, state.masks.collapsedLayers());
    attrs.put(RoundFileSchema.REAL_PRUNABLE, state.net.network().realPrunable());
    attrs.put(RoundFileSchema.TEST_ACCURACY, summary.testAccuracy());
    attrs.put(RoundFileSchema.BEST_TEST_ACCURACY, summary.bestTestAccuracy());
    attrs.put(RoundFileSchema.TEST_LOSS, last.testLoss());
    attrs.put(RoundFileSchema.TRAIN_LOSS, last.trainLoss());
    attrs.put(RoundFileSchema.EPOCHS, (long) history.size());
    attrs.put(RoundFileSchema.ITERATIONS, state.iteration);
    attrs.put(RoundFileSchema.SECONDS, history.stream().mapToDouble(EpochMetrics::seconds).sum());
    attrs.put(RoundFileSchema.TRAINING_STEP, state.step.kind());
    return attrs;
  }
}

package org.fraction.engine.results;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finished round of a trial or of one of its controls, as read from its round file.
 *
 * @param method how the trial prunes and retrains: weight-rewind, lr-rewind, fine-tune or gradual
 *     ("" without pruning)
 * @param maskSource where the round's mask came from: trained, init, or empty without pruning
 * @param collapsedLayers prunable layers left without any weight, or null for round files written
 *     before the count was recorded
 * @param errorBarrier the round's instability-analysis error barrier where one was measured, else
 *     NaN
 * @param matrix the matrix values that made the trial, by dotted key (none without a matrix, or for
 *     runs made before they were stored)
 */
public record ResultRow(
    String trial,
    String control,
    String algebra,
    int round,
    double density,
    double densityVsReal,
    long paramsRemaining,
    double testAccuracy,
    double bestTestAccuracy,
    String model,
    String dataset,
    long seed,
    double testLoss,
    double trainLoss,
    long epochs,
    double seconds,
    String pruning,
    String method,
    String maskSource,
    Long collapsedLayers,
    Path file,
    double errorBarrier,
    Map<String, String> matrix) {

  public ResultRow {
    matrix = Collections.unmodifiableMap(new LinkedHashMap<>(matrix));
  }
}

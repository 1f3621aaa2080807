package org.fraction.engine.results;

import java.nio.file.Path;

/**
 * One finished round of a trial or of one of its controls, as read from its round file.
 *
 * @param method how the trial prunes and retrains: weight-rewind, lr-rewind, fine-tune or gradual
 *     ("" without pruning)
 * @param errorBarrier the round's instability-analysis error barrier where one was measured, else NaN
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
    Path file,
    String method,
    double errorBarrier) {

  /** A round without an instability analysis. */
  public ResultRow(String trial, String control, String algebra, int round, double density, double densityVsReal,
      long paramsRemaining, double testAccuracy, double bestTestAccuracy, String model, String dataset, long seed,
      double testLoss, double trainLoss, long epochs, double seconds, Path file, String method) {
    this(trial, control, algebra, round, density, densityVsReal, paramsRemaining, testAccuracy, bestTestAccuracy, model,
        dataset, seed, testLoss, trainLoss, epochs, seconds, file, method, Double.NaN);
  }
}

package org.fraction.spi.tracking;

/**
 * One epoch of one round. Accuracies are in [0, 1].
 *
 * @param epoch 1-based epoch within the round
 * @param density fraction of the prunable weights the mask keeps at the epoch's end (it changes
 *     within a round under gradual pruning); NaN when not recorded (files of older versions)
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double testLoss,
    double testAccuracy,
    double learningRate,
    double imagesPerSecond,
    double seconds,
    double density) {

  /** Metrics without a recorded density. */
  public EpochMetrics(
      int epoch,
      double trainLoss,
      double testLoss,
      double testAccuracy,
      double learningRate,
      double imagesPerSecond,
      double seconds) {
    this(
        epoch,
        trainLoss,
        testLoss,
        testAccuracy,
        learningRate,
        imagesPerSecond,
        seconds,
        Double.NaN);
  }
}

package org.fraction.spi.tracking;

/**
 * One epoch of one round. Accuracies are in [0, 1].
 *
 * @param epoch 1-based epoch within the round
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double testLoss,
    double testAccuracy,
    double learningRate,
    double imagesPerSecond,
    double seconds) {}

package org.fraction.spi.tracking;

import java.util.List;

/**
 * A finished round.
 *
 * @param round 0 for the dense round
 * @param density fraction of the model's own prunable weights remaining
 * @param densityVsReal remaining prunable weights over the real model's prunable weights
 * @param paramsRemaining trainable parameters that are not pruned (biases and norms included)
 * @param testAccuracy after the last epoch
 * @param bestTestAccuracy the best over the round's epochs
 * @param epochs the per-epoch metrics in order
 * @param collapsedLayers prunable layers left without any weight (layer collapse), or null when not
 *     known (round files written before it was recorded)
 */
public record RoundSummary(
    int round,
    double density,
    double densityVsReal,
    long paramsRemaining,
    double testAccuracy,
    double bestTestAccuracy,
    List<EpochMetrics> epochs,
    Long collapsedLayers) {

  public RoundSummary {
    epochs = List.copyOf(epochs);
  }
}

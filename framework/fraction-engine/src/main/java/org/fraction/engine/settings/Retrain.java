package org.fraction.engine.settings;

import java.util.Locale;

/**
 * How the surviving weights train after each pruning (Renda et al. 2020): back to the rewind point
 * in weights and learning-rate schedule, on from the trained weights with the schedule restarted,
 * or on from the trained weights at a constant small learning rate.
 */
public enum Retrain {
  /** Weights and learning-rate schedule back to the rewind point. */
  WEIGHT_REWIND,
  /** The trained weights, with the learning-rate schedule of weight rewinding and as many steps. */
  LR_REWIND,
  /** The trained weights at a constant learning rate for {@code fine-tune.epochs} epochs. */
  FINE_TUNE;

  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Whether a round starts from the previous round's trained weights rather than the rewind point.
   */
  public boolean keepsTrainedWeights() {
    return this != WEIGHT_REWIND;
  }
}

package org.fraction.spi.optim;

import org.nd4j.linalg.learning.config.IUpdater;

/**
 * An optimizer, registered under {@link org.fraction.spi.Kinds#OPTIMIZER}. A fresh updater (with
 * zeroed state) is made for every round.
 */
public interface Optimizer {

  /** The base learning rate; a {@link Schedule} scales it per step. */
  double learningRate();

  /**
   * L2 weight decay added to the gradient of every trainable parameter before the update, as
   * PyTorch's {@code weight_decay}; 0 for none.
   */
  double weightDecay();

  /** The Deeplearning4j updater with the base learning rate and no schedule. */
  IUpdater updater();
}

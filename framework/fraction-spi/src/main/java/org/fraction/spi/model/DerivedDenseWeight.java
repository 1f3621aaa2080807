package org.fraction.spi.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Implemented by a working Deeplearning4j layer that computes as a dense layer, {@code x · W + b},
 * whose real weight {@code W} is derived from its own parameters (a quaternion layer's block
 * weight, for example). It lets the engine's fused dense step train such a layer alongside
 * Deeplearning4j's own dense layers: the engine multiplies by {@link #realWeight()}, writes the
 * real weight's gradient to {@link #realWeightGradient()} and asks the layer to fold it back into
 * its parameters' gradients.
 *
 * <p>A bias, if the layer has one, is its parameter {@code "b"} and the last {@code nOut} entries
 * of its parameter and gradient views, as in Deeplearning4j's dense layers.
 */
public interface DerivedDenseWeight {

  /** The real weight [nIn, nOut], c order, computed from the layer's parameters as they are now. */
  INDArray realWeight();

  /** The same, its independent parts computed through {@code pieces} (by default, in one go). */
  default INDArray realWeight(Pieces pieces) {
    return realWeight();
  }

  /** A c-order [nIn, nOut] buffer for the gradient of the loss with respect to the real weight. */
  INDArray realWeightGradient();

  /**
   * Writes the gradient of the loss with respect to the layer's own weight parameters into the
   * layer's gradient view, from {@link #realWeightGradient()}. The bias gradient is the engine's.
   */
  void foldRealWeightGradient();

  /** The same, its independent parts computed through {@code pieces} (by default, in one go). */
  default void foldRealWeightGradient(Pieces pieces) {
    foldRealWeightGradient();
  }
}

package org.fraction.engine.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A batch ready for the network: NCHW float features and one-hot labels. */
public record Batch(INDArray features, INDArray labels, int[] classes) {

  public int size() {
    return classes.length;
  }
}

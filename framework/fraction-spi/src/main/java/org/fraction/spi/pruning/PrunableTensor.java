package org.fraction.spi.pruning;

import org.fraction.spi.model.ParameterRef;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A weight tensor offered to a pruning strategy.
 *
 * @param ref which parameter
 * @param weights the trained weights (read only: strategies must not modify them)
 * @param mask the current mask, 1 where the weight survives and 0 where it is pruned (read only)
 */
public record PrunableTensor(ParameterRef ref, INDArray weights, INDArray mask) {

  public long size() {
    return weights.length();
  }

  public long remaining() {
    return mask.sumNumber().longValue();
  }
}

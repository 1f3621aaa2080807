package org.fraction.spi.pruning.select;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves a context's tensors to plain c-order float arrays, one per tensor in the context's order,
 * and the chosen masks back to the map {@link org.fraction.spi.pruning.PruningStrategy#prune}
 * returns.
 */
public final class TensorArrays {

  private TensorArrays() {}

  /** A copy of the array's values in c order. */
  public static float[] values(INDArray array) {
    return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  /** The weights of every tensor. */
  public static float[][] weights(PruningContext context) {
    return context.tensors().stream().map(t -> values(t.weights())).toArray(float[][]::new);
  }

  /** The current mask of every tensor. */
  public static float[][] masks(PruningContext context) {
    return context.tensors().stream().map(t -> values(t.mask())).toArray(float[][]::new);
  }

  /** The masks to return from {@code prune}: {@code masks[t]} shaped as tensor t. */
  public static Map<ParameterRef, INDArray> toMasks(PruningContext context, float[][] masks) {
    List<PrunableTensor> tensors = context.tensors();
    if (masks.length != tensors.size()) {
      throw new IllegalArgumentException(
          masks.length + " masks for " + tensors.size() + " tensors");
    }
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    for (int t = 0; t < masks.length; t++) {
      out.put(tensors.get(t).ref(), Nd4j.create(masks[t], tensors.get(t).mask().shape(), 'c'));
    }
    return out;
  }
}

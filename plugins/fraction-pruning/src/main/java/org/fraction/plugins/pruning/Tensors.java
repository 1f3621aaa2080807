package org.fraction.plugins.pruning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PrunableTensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Moves tensors between nd4j and plain c-order arrays for the selection code. */
final class Tensors {

  private Tensors() {}

  static float[] values(INDArray a) {
    return a.dup('c').data().asFloat();
  }

  static float[] absolute(INDArray a) {
    float[] v = values(a);
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.abs(v[i]);
    }
    return v;
  }

  static Map<ParameterRef, INDArray> masks(List<PrunableTensor> tensors, float[][] masks) {
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    for (int t = 0; t < tensors.size(); t++) {
      out.put(tensors.get(t).ref(), Nd4j.create(masks[t], tensors.get(t).mask().shape(), 'c'));
    }
    return out;
  }
}

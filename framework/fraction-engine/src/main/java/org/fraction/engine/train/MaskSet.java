package org.fraction.engine.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The masks of a network's prunable tensors: 1 where a weight survives, 0 where it is pruned.
 * Applying them is one fused multiply of the graph's flat parameter vector.
 */
public final class MaskSet {

  private final Map<ParameterRef, INDArray> masks;

  public MaskSet(Map<ParameterRef, INDArray> masks) {
    this.masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
  }

  /** All ones: the dense network. */
  public static MaskSet dense(BuiltNetwork net) {
    Map<ParameterRef, INDArray> m = new LinkedHashMap<>();
    for (ParameterRef ref : net.prunable()) {
      m.put(ref, Nd4j.ones(DataType.FLOAT, net.param(ref).shape()));
    }
    return new MaskSet(m);
  }

  public Map<ParameterRef, INDArray> masks() {
    return masks;
  }

  public INDArray get(ParameterRef ref) {
    return masks.get(ref);
  }

  public long size() {
    return masks.values().stream().mapToLong(INDArray::length).sum();
  }

  public long remaining() {
    return masks.values().stream().mapToLong(m -> m.sumNumber().longValue()).sum();
  }

  public long remaining(ParameterRef ref) {
    return masks.get(ref).sumNumber().longValue();
  }

  /**
   * How many prunable layers have no weight left in any of their masked tensors (layer collapse).
   */
  public long collapsedLayers() {
    Map<String, Long> remainingByLayer = new LinkedHashMap<>();
    masks.forEach(
        (ref, m) -> remainingByLayer.merge(ref.layer(), m.sumNumber().longValue(), Long::sum));
    return remainingByLayer.values().stream().filter(r -> r == 0).count();
  }

  public double density() {
    long size = size();
    return size == 0 ? 1.0 : (double) remaining() / size;
  }

  /**
   * The mask laid out like the graph's flat parameter vector (1 for unmasked parameters), built
   * through the graph's own parameter views so that every layout and ordering matches.
   */
  public INDArray flatFor(BuiltNetwork net) {
    INDArray params = net.graph().params();
    INDArray saved = params.dup();
    try {
      params.assign(1.0);
      for (Map.Entry<ParameterRef, INDArray> e : masks.entrySet()) {
        INDArray view = net.param(e.getKey());
        view.assign(e.getValue().reshape(view.shape()));
      }
      return params.dup();
    } finally {
      params.assign(saved);
    }
  }
}

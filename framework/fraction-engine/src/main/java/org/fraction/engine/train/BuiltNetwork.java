package org.fraction.engine.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fraction.spi.model.Network;
import org.fraction.spi.model.ParameterRef;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * An initialised graph with the model's description: parameter access by {@link ParameterRef} and
 * the counts that densities are computed from.
 */
public final class BuiltNetwork {

  private final ComputationGraph graph;
  private final Network network;
  private final List<ParameterRef> parameters;
  private final long trainableCount;

  BuiltNetwork(ComputationGraph graph, Network network) {
    this.graph = graph;
    this.network = network;
    List<ParameterRef> refs = new ArrayList<>();
    long trainable = 0;
    for (Layer layer : graph.getLayers()) {
      String name = layer.conf().getLayer().getLayerName();
      for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
        refs.add(new ParameterRef(name, p.getKey()));
        if (!(layer.conf().getLayer().getUpdaterByParam(p.getKey()) instanceof NoOp)) {
          trainable += p.getValue().length();
        }
      }
    }
    this.parameters = List.copyOf(refs);
    this.trainableCount = trainable;
    for (ParameterRef ref : network.prunable()) {
      if (!parameters.contains(ref)) {
        throw new IllegalStateException(
            "model declares prunable " + ref + " but the graph has no such parameter");
      }
    }
  }

  public ComputationGraph graph() {
    return graph;
  }

  public Network network() {
    return network;
  }

  /** Every parameter tensor of the graph, in graph order. */
  public List<ParameterRef> parameters() {
    return parameters;
  }

  public List<ParameterRef> prunable() {
    return network.prunable();
  }

  /** The live parameter view (writes change the network). */
  public INDArray param(ParameterRef ref) {
    return graph.getLayer(ref.layer()).getParam(ref.param());
  }

  /** Trainable parameters, as PyTorch counts them (batch-norm running statistics excluded). */
  public long trainableCount() {
    return trainableCount;
  }

  public long prunableCount() {
    return network.prunable().stream().mapToLong(r -> param(r).length()).sum();
  }

  /** A copy of every parameter, for rewinding or storing. */
  public Map<ParameterRef, INDArray> copyParameters() {
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    for (ParameterRef ref : parameters) {
      out.put(ref, param(ref).dup('c'));
    }
    return out;
  }

  /** Sets every parameter present in {@code values}; shapes must match. */
  public void setParameters(Map<ParameterRef, INDArray> values) {
    for (ParameterRef ref : parameters) {
      INDArray v = values.get(ref);
      if (v == null) {
        throw new IllegalStateException("no stored value for parameter " + ref);
      }
      INDArray target = param(ref);
      if (v.length() != target.length()) {
        throw new IllegalStateException(
            "stored " + ref + " has " + v.length() + " values, the network " + target.length());
      }
      target.assign(v.reshape(target.shape()));
    }
  }
}

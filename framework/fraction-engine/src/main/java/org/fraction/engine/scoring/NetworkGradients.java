package org.fraction.engine.scoring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.Network;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.GradientOracle;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The engine's {@link GradientOracle}: each call builds a double-precision copy of the network
 * whose output layer emits raw logits under the call's loss (dropout off), sets its parameters and
 * backpropagates once per chunk of images.
 */
public final class NetworkGradients implements GradientOracle {

  /** Step of the central difference along the unit direction of the vector. */
  static final double STEP = 1e-5;

  private final Network network;
  private final Map<ParameterRef, INDArray> parameters;
  private final InputShape input;
  private final int classes;
  private final int chunk;
  private final IntFunction<DataSet> images;
  private DataSet drawn;

  /**
   * @param parameters every parameter of the network where the round is pruned
   * @param input the network's input image shape
   * @param chunk how many images go through the network at once
   * @param images the first n training images of the round's seeded shuffle, as features and
   *     one-hot labels
   */
  public NetworkGradients(
      Network network,
      Map<ParameterRef, INDArray> parameters,
      InputShape input,
      int classes,
      int chunk,
      IntFunction<DataSet> images) {
    this.network = network;
    this.parameters = parameters;
    this.input = input;
    this.classes = classes;
    this.chunk = chunk;
    this.images = images;
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public Map<ParameterRef, INDArray> lossGradients(
      Map<ParameterRef, INDArray> weights, int images, double temperature) {
    ComputationGraph graph = graph(new TemperedCrossEntropy(temperature));
    return averageGradients(graph, weights, images);
  }

  @Override
  public Map<ParameterRef, INDArray> hessianVectorProduct(
      Map<ParameterRef, INDArray> weights,
      Map<ParameterRef, INDArray> vector,
      int images,
      double temperature) {
    double norm = 0;
    for (ParameterRef ref : weights.keySet()) {
      INDArray v = vector.get(ref);
      if (v == null) {
        throw new IllegalArgumentException("the vector has no entry for " + ref);
      }
      double n2 = v.castTo(DataType.DOUBLE).norm2Number().doubleValue();
      norm += n2 * n2;
    }
    norm = Math.sqrt(norm);
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    if (norm == 0) {
      weights.forEach((ref, w) -> out.put(ref, Nd4j.zeros(DataType.DOUBLE, w.shape())));
      return out;
    }
    double step = STEP / norm;
    ComputationGraph graph = graph(new TemperedCrossEntropy(temperature));
    Map<ParameterRef, INDArray> plus =
        averageGradients(graph, shifted(weights, vector, step), images);
    Map<ParameterRef, INDArray> minus =
        averageGradients(graph, shifted(weights, vector, -step), images);
    for (ParameterRef ref : weights.keySet()) {
      out.put(ref, plus.get(ref).sub(minus.get(ref)).divi(2 * step));
    }
    return out;
  }

  @Override
  public Map<ParameterRef, INDArray> objectiveGradients(
      Map<ParameterRef, INDArray> weights, boolean absolute, LogitObjective objective) {
    ComputationGraph graph = graph(new ObjectiveLoss(objective));
    setParameters(graph, weights, absolute);
    INDArray ones = Nd4j.ones(DataType.DOUBLE, 1, input.channels(), input.height(), input.width());
    return backprop(graph, weights, ones, Nd4j.zeros(DataType.DOUBLE, 1, outputs(graph)));
  }

  private Map<ParameterRef, INDArray> averageGradients(
      ComputationGraph graph, Map<ParameterRef, INDArray> weights, int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("gradients need at least one image, got " + n);
    }
    setParameters(graph, weights, false);
    DataSet data = images(n);
    Map<ParameterRef, INDArray> sum = null;
    for (DataSet part : data.batchBy(chunk)) {
      Map<ParameterRef, INDArray> g =
          backprop(
              graph,
              weights,
              part.getFeatures().castTo(DataType.DOUBLE),
              part.getLabels().castTo(DataType.DOUBLE));
      if (sum == null) {
        sum = g;
      } else {
        for (ParameterRef ref : sum.keySet()) {
          sum.get(ref).addi(g.get(ref));
        }
      }
    }
    for (INDArray g : sum.values()) {
      g.divi(data.numExamples());
    }
    return sum;
  }

  private DataSet images(int n) {
    if (drawn == null || drawn.numExamples() != n) {
      drawn = images.apply(n);
      if (drawn.numExamples() != n) {
        throw new IllegalStateException(
            "asked for " + n + " training images, got " + drawn.numExamples());
      }
    }
    return drawn;
  }

  /**
   * Summed (not averaged) gradients of the graph's loss over the batch, for the keys of {@code
   * weights}.
   */
  private static Map<ParameterRef, INDArray> backprop(
      ComputationGraph graph,
      Map<ParameterRef, INDArray> weights,
      INDArray features,
      INDArray labels) {
    graph.setInputs(features);
    graph.setLabels(labels);
    graph.computeGradientAndScore();
    Gradient gradient = graph.gradient();
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    for (Map.Entry<ParameterRef, INDArray> e : weights.entrySet()) {
      ParameterRef ref = e.getKey();
      INDArray g = gradient.getGradientFor(ref.layer() + "_" + ref.param());
      if (g == null) {
        throw new IllegalStateException("the network computed no gradient for " + ref);
      }
      out.put(ref, g.dup('c').reshape(e.getValue().shape()));
    }
    graph.clearLayersStates();
    return out;
  }

  private static Map<ParameterRef, INDArray> shifted(
      Map<ParameterRef, INDArray> weights, Map<ParameterRef, INDArray> vector, double step) {
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    weights.forEach(
        (ref, w) ->
            out.put(
                ref,
                w.castTo(DataType.DOUBLE)
                    .add(vector.get(ref).castTo(DataType.DOUBLE).reshape(w.shape()).mul(step))));
    return out;
  }

  private void setParameters(
      ComputationGraph graph, Map<ParameterRef, INDArray> weights, boolean absolute) {
    for (Map.Entry<ParameterRef, INDArray> e : parameters.entrySet()) {
      INDArray target = graph.getLayer(e.getKey().layer()).getParam(e.getKey().param());
      INDArray value = weights.getOrDefault(e.getKey(), e.getValue()).castTo(DataType.DOUBLE);
      if (value.length() != target.length()) {
        throw new IllegalArgumentException(
            e.getKey() + " has " + value.length() + " values, the network " + target.length());
      }
      value = value.dup('c').reshape(target.shape());
      target.assign(absolute ? org.nd4j.linalg.ops.transforms.Transforms.abs(value, true) : value);
    }
  }

  /** The network with logits out of its output layer, under {@code loss}, in double precision. */
  private ComputationGraph graph(ILossFunction loss) {
    ComputationGraphConfiguration conf = network.configuration().clone();
    conf.setDataType(DataType.DOUBLE);
    int outputLayers = 0;
    for (GraphVertex vertex : conf.getVertices().values()) {
      if (vertex instanceof LayerVertex layer) {
        layer.getLayerConf().getLayer().setIDropout(null);
        if (layer.getLayerConf().getLayer() instanceof BaseOutputLayer output) {
          output.setActivationFn(new ActivationIdentity());
          output.setLossFn(loss);
          outputLayers++;
        }
      }
    }
    if (outputLayers != 1) {
      throw new IllegalStateException(
          "scoring needs a network with one output layer, found " + outputLayers);
    }
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    graph.initGradientsView();
    return graph;
  }

  private static long outputs(ComputationGraph graph) {
    for (GraphVertex vertex : graph.getConfiguration().getVertices().values()) {
      if (vertex instanceof LayerVertex layer
          && layer.getLayerConf().getLayer() instanceof BaseOutputLayer output) {
        return output.getNOut();
      }
    }
    throw new IllegalStateException("no output layer");
  }
}

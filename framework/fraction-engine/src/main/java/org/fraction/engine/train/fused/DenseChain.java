package org.fraction.engine.train.fused;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.fraction.spi.model.DerivedDenseWeight;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * A network the fused dense step can train: one input, then dense layers one after another (each
 * Deeplearning4j's own {@link DenseLayer} or a layer with a {@link DerivedDenseWeight}), ReLU or
 * identity between them, ending in Deeplearning4j's softmax {@link OutputLayer} with cross-entropy,
 * in float, with nothing that changes the step per layer (dropout, weight noise, constraints,
 * gradient normalisation, layer norm, listeners). Anything else is trained by Deeplearning4j's own
 * {@code fit}; {@link #of} says why not.
 */
record DenseChain(List<Dense> layers, double softmaxClipEps) {

  /** The bias's parameter key, in Deeplearning4j's dense layers and in derived ones. */
  static final String BIAS = "b";

  /** One dense layer of the chain. */
  record Dense(
      String name, Layer layer, int nIn, int nOut, boolean relu, boolean hasBias, int biasOffset) {

    DerivedDenseWeight derived() {
      return layer instanceof DerivedDenseWeight d ? d : null;
    }
  }

  /** Either the chain, or why the network is not one. */
  record Verdict(Optional<DenseChain> chain, String reason) {}

  static Verdict of(ComputationGraph graph) {
    if (graph.params() == null || graph.params().dataType() != DataType.FLOAT) {
      return no("parameters are not float");
    }
    if (graph.getListeners() != null && !graph.getListeners().isEmpty()) {
      return no("the network has training listeners");
    }
    if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
      return no("not one input and one output");
    }
    GraphVertex[] vertices = graph.getVertices();
    int[] order = graph.topologicalSortOrder();
    List<Dense> layers = new ArrayList<>();
    int previous = -1;
    double clipEps = 0;
    for (int i = 0; i < order.length; i++) {
      GraphVertex v = vertices[order[i]];
      if (i == 0) {
        if (!v.isInputVertex()) {
          return no("the first vertex is not the input");
        }
        previous = v.getVertexIndex();
        continue;
      }
      if (!(v instanceof LayerVertex lv) || !singleInput(v, previous)) {
        return no("vertex '" + v.getVertexName() + "' is not a layer after the previous one");
      }
      if (!preprocessorAllowed(lv.getLayerPreProcessor(), i == 1)) {
        return no("vertex '" + v.getVertexName() + "' reshapes its input in a way not supported");
      }
      boolean last = i == order.length - 1;
      Layer layer = lv.getLayer();
      org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
      String why = unsupported(layer, conf, last);
      if (why != null) {
        return no("layer '" + v.getVertexName() + "' " + why);
      }
      FeedForwardLayer ff = (FeedForwardLayer) conf;
      boolean bias = layer.paramTable().containsKey(BIAS);
      layers.add(
          new Dense(
              v.getVertexName(),
              layer,
              Math.toIntExact(ff.getNIn()),
              Math.toIntExact(ff.getNOut()),
              ff.getActivationFn() instanceof ActivationReLU,
              bias,
              Math.toIntExact(layer.numParams() - (bias ? ff.getNOut() : 0))));
      if (last) {
        clipEps = ((LossMCXENT) ((OutputLayer) conf).getLossFn()).getSoftmaxClipEps();
      }
      previous = v.getVertexIndex();
    }
    if (layers.isEmpty()) {
      return no("no layers");
    }
    return new Verdict(Optional.of(new DenseChain(List.copyOf(layers), clipEps)), "");
  }

  private static Verdict no(String reason) {
    return new Verdict(Optional.empty(), reason);
  }

  private static boolean singleInput(GraphVertex v, int previous) {
    VertexIndices[] in = v.getInputVertices();
    return in != null && in.length == 1 && in[0].getVertexIndex() == previous;
  }

  private static boolean preprocessorAllowed(InputPreProcessor p, boolean first) {
    return p == null
        || (first
            && p instanceof CnnToFeedForwardPreProcessor cnn
            && cnn.getFormat() == CNN2DFormat.NCHW);
  }

  /** Why the layer cannot be trained by the fused step, or null. */
  private static String unsupported(
      Layer layer, org.deeplearning4j.nn.conf.layers.Layer conf, boolean last) {
    if (!(conf instanceof BaseLayer base)) {
      return "has no weights";
    }
    if (base.getIDropout() != null || base.getWeightNoise() != null) {
      return "uses dropout or weight noise";
    }
    if (base.getConstraints() != null && !base.getConstraints().isEmpty()) {
      return "has constraints";
    }
    if (base.getGradientNormalization() != null
        && base.getGradientNormalization() != GradientNormalization.None) {
      return "normalises its gradient";
    }
    IActivation activation = base.getActivationFn();
    if (last) {
      if (conf.getClass() != OutputLayer.class) {
        return "is not a plain output layer";
      }
      OutputLayer out = (OutputLayer) conf;
      if (!(activation instanceof ActivationSoftmax)
          || out.getLossFn() == null
          || out.getLossFn().getClass() != LossMCXENT.class
          || ((LossMCXENT) out.getLossFn()).getWeights() != null) {
        return "is not a softmax cross-entropy classifier";
      }
      return null;
    }
    boolean plainDense = conf.getClass() == DenseLayer.class && !((DenseLayer) conf).hasLayerNorm();
    if (!plainDense && !(layer instanceof DerivedDenseWeight)) {
      return "is not a dense layer";
    }
    if (!(conf instanceof FeedForwardLayer)) {
      return "is not a feed-forward layer";
    }
    if (activation instanceof ActivationIdentity) {
      return null;
    }
    if (activation instanceof ActivationReLU relu
        && relu.getMax() == null
        && relu.getThreshold() == null
        && relu.getNegativeSlope() == null) {
      return null;
    }
    return "uses activation " + activation + " (ReLU or identity only)";
  }
}

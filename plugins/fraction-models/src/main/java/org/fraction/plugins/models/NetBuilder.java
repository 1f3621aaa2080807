package org.fraction.plugins.models;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.fraction.plugins.quaternion.QuaternionConvolutionLayer;
import org.fraction.plugins.quaternion.QuaternionDenseLayer;
import org.fraction.plugins.quaternion.QuaternionInit;
import org.fraction.plugins.quaternion.QuaternionOutputLayer;
import org.fraction.plugins.quaternion.QuaternionParams;
import org.fraction.spi.model.Algebra;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.ModelContext;
import org.fraction.spi.model.Network;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.model.QuaternionGroup;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Adds layers to a graph in one algebra and keeps the list of prunable tensors (conv and dense
 * weights; for quaternion layers their four components, grouped) with their total size. A counting
 * builder adds nothing to any graph: it only sums prunable weights, which is how a quaternion model
 * measures the real model of the same data.
 *
 * <p>Widths are real widths throughout (a quaternion layer of 64 channels holds 16 quaternion
 * channels). Hidden layers use He initialisation in real algebra and the model's quaternion
 * initialiser in quaternion algebra; classifier heads use Glorot (or its quaternion counterpart).
 */
final class NetBuilder {

  static final String INPUT = "input";

  private final ComputationGraphConfiguration.GraphBuilder graph;
  private final Algebra algebra;
  private final QuaternionInit init;
  private final List<ParameterRef> prunable = new ArrayList<>();
  private final List<QuaternionGroup> groups = new ArrayList<>();
  private long prunableCount;

  private NetBuilder(
      ComputationGraphConfiguration.GraphBuilder graph, Algebra algebra, QuaternionInit init) {
    this.graph = graph;
    this.algebra = algebra;
    this.init = init;
  }

  /** A builder of the model's own graph, in the context's algebra and input shape. */
  static NetBuilder of(ModelContext ctx, QuaternionInit init) {
    InputShape in = ctx.input();
    var graph =
        ctx.base()
            .graphBuilder()
            .addInputs(INPUT)
            .setInputTypes(InputType.convolutional(in.height(), in.width(), in.channels()));
    return new NetBuilder(graph, ctx.algebra(), init);
  }

  /** A builder that only counts prunable weights. */
  static NetBuilder counting(Algebra algebra) {
    return new NetBuilder(null, algebra, QuaternionInit.QUATERNION_HE);
  }

  boolean quaternion() {
    return algebra == Algebra.QUATERNION;
  }

  long prunableCount() {
    return prunableCount;
  }

  /**
   * A convolution in the builder's algebra with "same" padding for odd kernels, no activation
   * unless given.
   */
  String conv(
      String name,
      String from,
      int inChannels,
      int outChannels,
      int kernel,
      int stride,
      boolean bias,
      Activation activation) {
    int pad = (kernel - 1) / 2;
    if (quaternion()) {
      QuaternionConvolutionLayer.Builder b =
          new QuaternionConvolutionLayer.Builder(kernel, kernel).quaternionInit(init);
      b.nIn(inChannels)
          .nOut(outChannels)
          .stride(stride, stride)
          .padding(pad, pad)
          .convolutionMode(ConvolutionMode.Truncate)
          .hasBias(bias)
          .activation(activation);
      return weighted(name, from, b.build(), (long) inChannels * outChannels * kernel * kernel);
    }
    ConvolutionLayer layer =
        new ConvolutionLayer.Builder(kernel, kernel)
            .nIn(inChannels)
            .nOut(outChannels)
            .stride(stride, stride)
            .padding(pad, pad)
            .convolutionMode(ConvolutionMode.Truncate)
            .hasBias(bias)
            .activation(activation)
            .weightInit(WeightInit.RELU)
            .build();
    return weighted(name, from, layer, (long) inChannels * outChannels * kernel * kernel);
  }

  /** A fully connected hidden layer in the builder's algebra. */
  String dense(String name, String from, long nIn, int nOut, Activation activation) {
    Layer layer =
        quaternion()
            ? new QuaternionDenseLayer.Builder()
                .quaternionInit(init)
                .nIn(nIn)
                .nOut(nOut)
                .activation(activation)
                .build()
            : new DenseLayer.Builder()
                .nIn(nIn)
                .nOut(nOut)
                .activation(activation)
                .weightInit(WeightInit.RELU)
                .build();
    return weighted(name, from, layer, nIn * nOut);
  }

  /** The softmax classifier, quaternion only if asked and the builder is quaternion. */
  String output(String name, String from, long nIn, int classes, boolean quaternionHead) {
    Layer layer;
    if (quaternionHead && quaternion()) {
      if (classes % 4 != 0) {
        throw new IllegalArgumentException(
            "a quaternion classifier head needs a class count divisible by 4, got "
                + classes
                + "; set head: real");
      }
      layer =
          new QuaternionOutputLayer.Builder(LossFunction.MCXENT)
              .quaternionInit(headInit())
              .nIn(nIn)
              .nOut(classes)
              .activation(Activation.SOFTMAX)
              .build();
      return weighted(name, from, layer, nIn * classes, true);
    }
    layer =
        new OutputLayer.Builder(LossFunction.MCXENT)
            .nIn(nIn)
            .nOut(classes)
            .activation(Activation.SOFTMAX)
            .weightInit(WeightInit.XAVIER)
            .build();
    return weighted(name, from, layer, nIn * classes, false);
  }

  /** Batch normalisation, real and per channel in both algebras. */
  String batchNorm(String name, String from, int channels) {
    return add(name, from, new BatchNormalization.Builder().nIn(channels).nOut(channels).build());
  }

  String relu(String name, String from) {
    return add(name, from, new ActivationLayer.Builder().activation(Activation.RELU).build());
  }

  /** 2x2 max pooling with stride 2. */
  String maxPool(String name, String from) {
    return add(
        name,
        from,
        new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
  }

  /** Average over all positions, to one value per channel. */
  String globalAveragePool(String name, String from) {
    return add(name, from, new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
  }

  String sum(String name, String a, String b) {
    if (graph != null) {
      graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), a, b);
    }
    return name;
  }

  Network build(String output, long realPrunable) {
    if (graph == null) {
      throw new IllegalStateException("a counting builder builds no network");
    }
    ComputationGraphConfiguration conf = graph.setOutputs(output).build();
    return new Network(conf, prunable, groups, realPrunable);
  }

  private QuaternionInit headInit() {
    return init == QuaternionInit.XAVIER_PER_COMPONENT
        ? QuaternionInit.XAVIER_PER_COMPONENT
        : QuaternionInit.QUATERNION_GLOROT;
  }

  private String weighted(String name, String from, Layer layer, long weights) {
    return weighted(name, from, layer, weights, quaternion());
  }

  private String weighted(
      String name, String from, Layer layer, long weights, boolean quaternionLayer) {
    if (quaternionLayer) {
      List<ParameterRef> refs =
          QuaternionParams.COMPONENTS.stream().map(c -> new ParameterRef(name, c)).toList();
      prunable.addAll(refs);
      groups.add(new QuaternionGroup(refs.get(0), refs.get(1), refs.get(2), refs.get(3)));
      prunableCount += weights / 4;
    } else {
      prunable.add(new ParameterRef(name, "W"));
      prunableCount += weights;
    }
    return add(name, from, layer);
  }

  private String add(String name, String from, Layer layer) {
    if (graph != null) {
      graph.addLayer(name, layer, from);
    }
    return name;
  }
}

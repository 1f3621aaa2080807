package org.fraction.engine.macs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.MacCounting;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class MacCounterTest {

  private static ComputationGraphConfiguration.GraphBuilder graph(InputShape in) {
    return new NeuralNetConfiguration.Builder()
        .seed(1)
        .graphBuilder()
        .addInputs("input")
        .setInputTypes(InputType.convolutional(in.height(), in.width(), in.channels()));
  }

  private static OutputLayer output(int nIn, int classes) {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .nIn(nIn)
        .nOut(classes)
        .activation(Activation.SOFTMAX)
        .build();
  }

  @Test
  void denseLayersCountInTimesOut() {
    InputShape in = new InputShape(28, 28, 1);
    ComputationGraphConfiguration conf =
        graph(in)
            .addLayer("fc1", new DenseLayer.Builder().nIn(784).nOut(300).build(), "input")
            .addLayer("fc2", new DenseLayer.Builder().nIn(300).nOut(100).build(), "fc1")
            .addLayer("fc3", output(100, 10), "fc2")
            .setOutputs("fc3")
            .build();
    NetworkMacs macs = MacCounter.count(conf, in);
    assertThat(macs.layers())
        .extracting(LayerMacs::layer, LayerMacs::macs)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fc1", 235_200L),
            org.assertj.core.groups.Tuple.tuple("fc2", 30_000L),
            org.assertj.core.groups.Tuple.tuple("fc3", 1_000L));
    assertThat(macs.dense()).isEqualTo(266_200);
    assertThat(macs.uncounted()).isEmpty();
  }

  @Test
  void convolutionBatchNormAndPoolingFollowTheDocumentedRules() {
    InputShape in = new InputShape(28, 28, 1);
    ComputationGraphConfiguration conf =
        graph(in)
            .addLayer(
                "conv1", new ConvolutionLayer.Builder(5, 5).nOut(20).build(), "input") // 24x24x20
            .addLayer("bn1", new BatchNormalization.Builder().build(), "conv1")
            .addLayer(
                "pool1",
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                    .kernelSize(2, 2)
                    .stride(2, 2)
                    .build(),
                "bn1") // 12x12x20
            .addLayer(
                "conv2",
                new ConvolutionLayer.Builder(3, 3).nOut(8).padding(1, 1).build(),
                "pool1") // 12x12x8
            .addLayer("act", new ActivationLayer(Activation.RELU), "conv2")
            .addLayer("fc", new DenseLayer.Builder().nOut(30).build(), "act") // 1152 -> 30
            .addLayer("out", output(30, 10), "fc")
            .setOutputs("out")
            .build();
    Map<String, Long> macs = byLayer(MacCounter.count(conf, in));
    assertThat(macs.get("conv1")).isEqualTo(5L * 5 * 1 * 20 * 24 * 24);
    assertThat(macs.get("bn1")).isEqualTo(24L * 24 * 20);
    assertThat(macs.get("pool1")).isZero();
    assertThat(macs.get("conv2")).isEqualTo(3L * 3 * 20 * 8 * 12 * 12);
    assertThat(macs.get("act")).isZero();
    assertThat(macs.get("fc")).isEqualTo(12L * 12 * 8 * 30);
    assertThat(macs.get("out")).isEqualTo(300L);
  }

  @Test
  void depthwiseAndSeparableConvolutionsAndResidualAdds() {
    InputShape in = new InputShape(8, 8, 4);
    ComputationGraphConfiguration conf =
        graph(in)
            .addLayer(
                "dw",
                new DepthwiseConvolution2D.Builder(3, 3)
                    .depthMultiplier(2)
                    .padding(1, 1)
                    .nOut(8)
                    .build(),
                "input") // 8x8x8
            .addLayer(
                "sep",
                new SeparableConvolution2D.Builder(3, 3)
                    .depthMultiplier(1)
                    .padding(1, 1)
                    .nOut(8)
                    .build(),
                "dw") // 8x8x8
            .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "dw", "sep")
            .addLayer("gap", new GlobalPoolingLayer.Builder().build(), "add")
            .addLayer("out", output(8, 3), "gap")
            .setOutputs("out")
            .build();
    Map<String, Long> macs = byLayer(MacCounter.count(conf, in));
    assertThat(macs.get("dw")).isEqualTo(3L * 3 * 4 * 2 * 8 * 8);
    assertThat(macs.get("sep")).isEqualTo((3L * 3 * 8 + 8 * 8) * 8 * 8);
    assertThat(macs).doesNotContainKey("add");
    assertThat(macs.get("gap")).isZero();
    assertThat(macs.get("out")).isEqualTo(24L);
  }

  /** A layer type the rules do not know, stating its own count. */
  static final class CountingLayer extends ActivationLayer implements MacCounting {
    CountingLayer() {
      super(Activation.IDENTITY);
    }

    @Override
    public long macsPerExample(InputType input, InputType output) {
      return 1000 + input.arrayElementsPerExample();
    }
  }

  @Test
  void aLayerImplementingMacCountingStatesItsOwnCount() {
    InputShape in = new InputShape(4, 4, 2);
    ComputationGraphConfiguration conf =
        graph(in)
            .addLayer("custom", new CountingLayer(), "input")
            .addLayer("out", output(32, 2), "custom")
            .setOutputs("out")
            .build();
    NetworkMacs macs = MacCounter.count(conf, in);
    assertThat(byLayer(macs).get("custom")).isEqualTo(1000L + 32);
    assertThat(macs.layers().get(0).type()).isEqualTo("CountingLayer");
  }

  @Test
  void sparseCountsScaleEachLayerByItsDensity() {
    NetworkMacs macs =
        new NetworkMacs(
            java.util.List.of(
                new LayerMacs("a", "DenseLayer", 1000, true),
                new LayerMacs("b", "BatchNormalization", 50, true),
                new LayerMacs("c", "OutputLayer", 200, true)));
    assertThat(macs.dense()).isEqualTo(1250);
    assertThat(macs.sparse(Map.of("a", 0.25, "c", 0.5))).isEqualTo(250 + 50 + 100);
  }

  private static Map<String, Long> byLayer(NetworkMacs macs) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    macs.layers().forEach(l -> out.put(l.layer(), l.macs()));
    return out;
  }
}

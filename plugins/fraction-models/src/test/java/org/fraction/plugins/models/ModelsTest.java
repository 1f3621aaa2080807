package org.fraction.plugins.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fraction.engine.testing.TestOptimizer;
import org.fraction.engine.train.BuiltNetwork;
import org.fraction.engine.train.NetworkFactory;
import org.fraction.engine.train.ParameterSizes;
import org.fraction.plugins.quaternion.QuaternionConvolutionLayer;
import org.fraction.plugins.quaternion.QuaternionDenseLayer;
import org.fraction.plugins.quaternion.QuaternionLayer;
import org.fraction.plugins.quaternion.QuaternionOutputLayer;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.model.Algebra;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.Model;
import org.fraction.spi.model.Network;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.model.QuaternionGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Every model builds and trains a step in both algebras, and describes itself correctly. */
class ModelsTest {

  static final TestOptimizer SGD = new TestOptimizer(new TestOptimizer.Settings(0.001, 0.9, 0.0));

  static Model model(String name) {
    if (name.equals("lenet-300-100")) {
      return new LeNet300100(new LeNetSettings(null, null));
    }
    int depth = Integer.parseInt(name.substring(name.indexOf('-') + 1));
    return name.startsWith("conv")
        ? new ConvNet(depth, new ConvSettings(null, null))
        : new ResNet(depth, new ResNetSettings(null, null, null));
  }

  /** Small inputs and few classes keep a step fast; ResNets keep their full widths. */
  static Stream<Arguments> smallCases() {
    List<Arguments> out = new ArrayList<>();
    for (Algebra algebra : Algebra.values()) {
      out.add(Arguments.of("lenet-300-100", algebra, new InputShape(28, 28, 1), 10));
      for (String conv : List.of("conv-2", "conv-4", "conv-6")) {
        out.add(Arguments.of(conv, algebra, new InputShape(8, 8, 3), 10));
      }
      for (String resnet :
          List.of("resnet-18", "resnet-34", "resnet-50", "resnet-101", "resnet-152")) {
        out.add(Arguments.of(resnet, algebra, new InputShape(8, 8, 3), 4));
      }
    }
    return out.stream();
  }

  static DatasetInfo data(InputShape shape, int classes) {
    return new DatasetInfo("small", shape, classes, 10, 10, null, null);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("smallCases")
  void trainsOneStep(String name, Algebra algebra, InputShape shape, int classes) {
    Model model = model(name);
    BuiltNetwork net = NetworkFactory.build(model, data(shape, classes), algebra, SGD, null, 7);
    ComputationGraph graph = net.graph();
    InputShape in = model.inputShape(shape, algebra);
    int batch = 4;
    INDArray x = Nd4j.randn(DataType.FLOAT, batch, in.channels(), in.height(), in.width());
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
    for (int n = 0; n < batch; n++) {
      y.putScalar(n, n % classes, 1f);
    }
    INDArray before = graph.params().dup();
    graph.fit(new DataSet(x, y));
    assertThat(Double.isFinite(graph.score())).isTrue();
    assertThat(graph.params().equalsWithEps(before, 0))
        .as("the step changed the weights")
        .isFalse();
    // training mode: batch statistics, as a ResNet's running statistics mean little after one step
    INDArray out = graph.outputSingle(true, x);
    assertThat(out.shape()).containsExactly(batch, classes);
    for (double s : out.sum(1).toDoubleVector()) {
      assertThat(s).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    // the configuration-only count agrees with the initialised network
    ParameterSizes sizes = ParameterSizes.of(net.network().configuration());
    assertThat(sizes.trainable()).isEqualTo(net.trainableCount());
    for (ParameterRef ref : net.parameters()) {
      assertThat(sizes.size(ref)).as(ref.toString()).isEqualTo(net.param(ref).length());
    }
    assertDescribesItsLayers(net, algebra);
  }

  /**
   * Prunable tensors are exactly the conv and dense weights; quaternion ones grouped by component.
   */
  static void assertDescribesItsLayers(BuiltNetwork net, Algebra algebra) {
    Network network = net.network();
    Set<ParameterRef> grouped = new HashSet<>();
    for (QuaternionGroup g : network.quaternionGroups()) {
      grouped.addAll(g.components());
      Layer layer = net.graph().getLayer(g.layer());
      assertThat(layer.conf().getLayer()).isInstanceOf(QuaternionLayer.class);
      long[] shape = net.param(g.r()).shape();
      for (ParameterRef c : g.components()) {
        assertThat(net.param(c).shape()).isEqualTo(shape);
      }
    }
    assertThat(network.prunable()).containsAll(grouped);
    Set<String> weighted = new HashSet<>();
    for (Layer layer : net.graph().getLayers()) {
      var conf = layer.conf().getLayer();
      String name = conf.getLayerName();
      if (conf instanceof QuaternionLayer) {
        weighted.add(name);
        assertThat(algebra).isEqualTo(Algebra.QUATERNION);
      } else if (layer.paramTable().containsKey("W")) {
        weighted.add(name);
        assertThat(network.prunable()).contains(new ParameterRef(name, "W"));
      }
    }
    assertThat(network.prunable().stream().map(ParameterRef::layer).distinct())
        .containsExactlyInAnyOrderElementsOf(weighted);
    if (algebra == Algebra.REAL) {
      assertThat(network.quaternionGroups()).isEmpty();
      assertThat(network.realPrunable()).isEqualTo(net.prunableCount());
    }
  }

  @Test
  void quaternionModelsCountTheRealModelOfTheSameDataAsTheirReference() {
    record Case(String model, InputShape data, int classes) {}
    for (Case c :
        List.of(
            new Case("lenet-300-100", new InputShape(28, 28, 1), 10),
            new Case("lenet-300-100", new InputShape(32, 32, 3), 10),
            new Case("conv-2", new InputShape(32, 32, 3), 10),
            new Case("conv-6", new InputShape(32, 32, 1), 10),
            new Case("resnet-50", new InputShape(32, 32, 3), 100),
            new Case("resnet-18", new InputShape(64, 64, 4), 200))) {
      Model model = model(c.model());
      Network real =
          NetworkFactory.describe(model, data(c.data(), c.classes()), Algebra.REAL, SGD, null, 1);
      Network quaternion =
          NetworkFactory.describe(
              model, data(c.data(), c.classes()), Algebra.QUATERNION, SGD, null, 1);
      ParameterSizes realSizes = ParameterSizes.of(real.configuration());
      ParameterSizes quaternionSizes = ParameterSizes.of(quaternion.configuration());
      long realPrunable = real.prunable().stream().mapToLong(realSizes::size).sum();
      long quaternionPrunable =
          quaternion.prunable().stream().mapToLong(quaternionSizes::size).sum();
      assertThat(real.realPrunable()).as(c.toString()).isEqualTo(realPrunable);
      assertThat(quaternion.realPrunable()).as(c.toString()).isEqualTo(realPrunable);
      // a quarter of the weights, give or take the real classifier and the fourth input channel
      assertThat((double) quaternionPrunable / realPrunable).as(c.toString()).isBetween(0.24, 0.35);
    }
  }

  @Test
  void inputsFollowTheChannelRule() {
    InputShape mnist = new InputShape(28, 28, 1);
    InputShape cifar = new InputShape(32, 32, 3);
    assertThat(model("lenet-300-100").inputShape(mnist, Algebra.QUATERNION)).isEqualTo(mnist);
    assertThat(model("lenet-300-100").inputShape(cifar, Algebra.QUATERNION))
        .isEqualTo(cifar.withChannels(4));
    assertThat(model("lenet-300-100").inputShape(cifar, Algebra.REAL)).isEqualTo(cifar);
    for (String name : List.of("conv-4", "resnet-18")) {
      assertThat(model(name).inputShape(mnist, Algebra.QUATERNION))
          .isEqualTo(mnist.withChannels(4));
      assertThat(model(name).inputShape(cifar, Algebra.QUATERNION))
          .isEqualTo(cifar.withChannels(4));
      assertThat(model(name).inputShape(cifar, Algebra.REAL)).isEqualTo(cifar);
    }
    assertThat(new ConvNet(2, new ConvSettings(null, true)).inputShape(cifar, Algebra.REAL))
        .isEqualTo(cifar.withChannels(4));
    assertThat(new LeNet300100(new LeNetSettings(null, true)).inputShape(mnist, Algebra.QUATERNION))
        .isEqualTo(mnist.withChannels(4));
  }

  @Test
  void quaternionLayersAreWhereThePapersPutThem() {
    Network lenet =
        NetworkFactory.describe(
            model("lenet-300-100"),
            data(new InputShape(28, 28, 1), 10),
            Algebra.QUATERNION,
            SGD,
            null,
            1);
    assertThat(layer(lenet, "fc1")).isInstanceOf(QuaternionDenseLayer.class);
    assertThat(layer(lenet, "fc2")).isInstanceOf(QuaternionDenseLayer.class);
    assertThat(layer(lenet, "fc3")).isNotInstanceOf(QuaternionLayer.class);
    assertThat(((QuaternionDenseLayer) layer(lenet, "fc1")).componentShape())
        .containsExactly(196, 75);

    Network conv =
        NetworkFactory.describe(
            model("conv-6"), data(new InputShape(32, 32, 3), 10), Algebra.QUATERNION, SGD, null, 1);
    assertThat(((QuaternionConvolutionLayer) layer(conv, "conv1")).componentShape())
        .containsExactly(1, 16, 3, 3);
    assertThat(((QuaternionDenseLayer) layer(conv, "fc1")).componentShape())
        .containsExactly(1024, 64);
    assertThat(layer(conv, "fc3")).isNotInstanceOf(QuaternionLayer.class);

    Network resnet =
        NetworkFactory.describe(
            model("resnet-18"),
            data(new InputShape(32, 32, 3), 100),
            Algebra.QUATERNION,
            SGD,
            null,
            1);
    assertThat(layer(resnet, "fc")).isInstanceOf(QuaternionOutputLayer.class);
    assertThat(
            ((QuaternionConvolutionLayer) layer(resnet, "layer2.0.shortcut.conv")).componentShape())
        .containsExactly(16, 32, 1, 1);
    Network realHead =
        NetworkFactory.describe(
            new ResNet(18, new ResNetSettings(Head.REAL, null, null)),
            data(new InputShape(32, 32, 3), 10),
            Algebra.QUATERNION,
            SGD,
            null,
            1);
    assertThat(layer(realHead, "fc")).isNotInstanceOf(QuaternionLayer.class);
    assertThat(layer(realHead, "layer4.1.conv2")).isInstanceOf(QuaternionConvolutionLayer.class);
  }

  @Test
  void aQuaternionHeadNeedsAClassCountDivisibleByFour() {
    assertThatThrownBy(
            () ->
                NetworkFactory.describe(
                    model("resnet-34"),
                    data(new InputShape(32, 32, 3), 10),
                    Algebra.QUATERNION,
                    SGD,
                    null,
                    1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("divisible by 4, got 10")
        .hasMessageContaining("head: real");
  }

  private static org.deeplearning4j.nn.conf.layers.Layer layer(Network n, String name) {
    return ((org.deeplearning4j.nn.conf.graph.LayerVertex)
            n.configuration().getVertices().get(name))
        .getLayerConf()
        .getLayer();
  }
}

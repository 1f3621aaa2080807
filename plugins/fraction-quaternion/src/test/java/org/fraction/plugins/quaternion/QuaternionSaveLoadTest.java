package org.fraction.plugins.quaternion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.testing.TestOptimizer;
import org.fraction.engine.train.BuiltNetwork;
import org.fraction.engine.train.NetworkFactory;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.model.Algebra;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.Model;
import org.fraction.spi.model.ModelContext;
import org.fraction.spi.model.Network;
import org.fraction.spi.model.ParameterRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** A network with all three quaternion layers survives both ways of saving it, bit for bit. */
class QuaternionSaveLoadTest {

  @TempDir Path dir;

  /** Quaternion convolution, dense and softmax head on 6x6 images with four channels. */
  static final class AllLayers implements Model {
    @Override
    public java.util.Set<Algebra> algebras() {
      return java.util.EnumSet.of(Algebra.QUATERNION);
    }

    @Override
    public Network build(ModelContext ctx) {
      ComputationGraphConfiguration conf =
          ctx.base()
              .graphBuilder()
              .addInputs("input")
              .setInputTypes(InputType.convolutional(6, 6, 4))
              .addLayer(
                  "conv",
                  QuaternionLayersTest.conv(8, 3, 1, 1, false).activation(Activation.RELU).build(),
                  "input")
              .addLayer(
                  "fc",
                  new QuaternionDenseLayer.Builder()
                      .nOut(16)
                      .activation(Activation.RELU)
                      .quaternionInit(QuaternionInit.XAVIER_PER_COMPONENT)
                      .build(),
                  "conv")
              .addLayer(
                  "head",
                  new QuaternionOutputLayer.Builder(LossFunction.MCXENT).nOut(4).build(),
                  "fc")
              .setOutputs("head")
              .build();
      return new Network(conf, List.of(), List.of(), 0);
    }
  }

  private static final DatasetInfo DATA =
      new DatasetInfo("six", new InputShape(6, 6, 4), 4, 12, 12, null, null);

  private static BuiltNetwork build(long seed) {
    return NetworkFactory.build(
        new AllLayers(),
        DATA,
        Algebra.QUATERNION,
        new TestOptimizer(new TestOptimizer.Settings(0.05, 0.9, 0.0)),
        null,
        seed);
  }

  private static BuiltNetwork trained() {
    BuiltNetwork net = build(1);
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 4, 6, 6);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 4);
    for (int n = 0; n < 8; n++) {
      y.putScalar(n, n % 4, 1f);
    }
    for (int step = 0; step < 3; step++) {
      net.graph().fit(new DataSet(x, y));
    }
    return net;
  }

  @Test
  void runStoreRoundFileRestoresIdenticalOutputs() throws Exception {
    BuiltNetwork net = trained();
    INDArray probe = Nd4j.rand(DataType.FLOAT, 5, 4, 6, 6);
    INDArray expected = net.graph().outputSingle(probe);
    assertThat(net.parameters())
        .contains(
            new ParameterRef("conv", "r"),
            new ParameterRef("conv", "k"),
            new ParameterRef("fc", "j"),
            new ParameterRef("head", "b"));

    Path file = dir.resolve("round-0.h5");
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("round", 0L);
    RoundFiles.write(
        file,
        new RoundData(
            attributes,
            net.copyParameters(),
            Map.of(),
            Map.of(),
            List.of(new org.fraction.spi.tracking.EpochMetrics(1, 1.0, 1.0, 0.5, 0.05, 100, 1)),
            null));
    RoundData read = RoundFiles.read(file);
    assertThat(read.weights().get(new ParameterRef("conv", "i")).shape())
        .containsExactly(1, 2, 3, 3);

    BuiltNetwork restored = build(99);
    assertThat(restored.graph().outputSingle(probe)).isNotEqualTo(expected);
    restored.setParameters(read.weights());
    assertThat(restored.graph().outputSingle(probe)).isEqualTo(expected);
  }

  @Test
  void deeplearning4jSerialisationRestoresConfigurationAndOutputs() throws Exception {
    BuiltNetwork net = trained();
    ComputationGraph graph = net.graph();
    INDArray probe = Nd4j.rand(DataType.FLOAT, 5, 4, 6, 6);
    INDArray expected = graph.outputSingle(probe);

    String json = graph.getConfiguration().toJson();
    assertThat(json)
        .contains(
            "QuaternionConvolutionLayer",
            "QuaternionDenseLayer",
            "QuaternionOutputLayer",
            "XAVIER_PER_COMPONENT");
    assertThat(ComputationGraphConfiguration.fromJson(json)).isEqualTo(graph.getConfiguration());

    File file = dir.resolve("model.zip").toFile();
    ModelSerializer.writeModel(graph, file, true);
    ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
    assertThat(restored.getLayer("fc").conf().getLayer()).isInstanceOf(QuaternionDenseLayer.class);
    assertThat(restored.outputSingle(probe)).isEqualTo(expected);
    // the updater state came back too: one more identical step on both gives identical weights
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 4, 6, 6);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 4);
    y.putScalar(0, 1, 1f);
    y.putScalar(1, 2, 1f);
    y.putScalar(2, 3, 1f);
    y.putScalar(3, 0, 1f);
    graph.fit(new DataSet(x, y));
    restored.fit(new DataSet(x, y));
    assertThat(restored.params()).isEqualTo(graph.params());
  }
}

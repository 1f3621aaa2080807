package org.fraction.plugins.quaternion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The quaternion layers against an explicit Hamilton product and against finite differences, in
 * double precision.
 */
class QuaternionLayersTest {

  private DataType defaultType;

  @BeforeEach
  void doublePrecision() {
    defaultType = Nd4j.dataType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  @AfterEach
  void restorePrecision() {
    Nd4j.setDefaultDataTypes(defaultType, defaultType);
  }

  @Test
  void referenceProductFollowsHamiltonsRules() {
    double[] i = {0, 1, 0, 0};
    double[] j = {0, 0, 1, 0};
    double[] k = {0, 0, 0, 1};
    assertThat(ExplicitQuaternions.hamilton(i, j)).containsExactly(0, 0, 0, 1);
    assertThat(ExplicitQuaternions.hamilton(j, k)).containsExactly(0, 1, 0, 0);
    assertThat(ExplicitQuaternions.hamilton(k, i)).containsExactly(0, 0, 1, 0);
    assertThat(ExplicitQuaternions.hamilton(j, i)).containsExactly(0, 0, 0, -1);
    assertThat(ExplicitQuaternions.hamilton(i, i)).containsExactly(-1, 0, 0, 0);
    assertThat(ExplicitQuaternions.hamilton(ExplicitQuaternions.hamilton(i, j), k))
        .containsExactly(-1, 0, 0, 0);
  }

  @Test
  void denseLayerHoldsFourComponentTensorsOfAQuarterOfTheRealWeight() {
    ComputationGraph g = denseNet(8, 12, Activation.IDENTITY, false);
    var table = g.getLayer("q").paramTable();
    assertThat(table.keySet()).containsExactly("r", "i", "j", "k", "b");
    for (String c : QuaternionParams.COMPONENTS) {
      assertThat(table.get(c).shape()).containsExactly(2, 3);
    }
    assertThat(table.get("b").shape()).containsExactly(1, 12);
    assertThat(g.getLayer("q").numParams()).isEqualTo(8 * 12 / 4 + 12);
  }

  @Test
  void denseLayerComputesTheHamiltonProductOfEachWeightWithItsInput() {
    ComputationGraph g = denseNet(8, 12, Activation.IDENTITY, false);
    randomize(g, 1);
    INDArray x = Nd4j.randn(new Random(2).nextLong(), new long[] {3, 8});
    double[][] expected =
        ExplicitQuaternions.dense(x.toDoubleMatrix(), components2d(g, "q"), bias(g, "q"));
    assertClose(g.outputSingle(x).toDoubleMatrix(), expected);
  }

  @Test
  void outputLayerComputesTheHamiltonProduct() {
    ComputationGraph g = outputNet(8, 12, Activation.IDENTITY, LossFunction.MSE);
    randomize(g, 3);
    INDArray x = Nd4j.randn(new Random(4).nextLong(), new long[] {5, 8});
    double[][] expected =
        ExplicitQuaternions.dense(x.toDoubleMatrix(), components2d(g, "q"), bias(g, "q"));
    assertClose(g.outputSingle(x).toDoubleMatrix(), expected);
  }

  @ParameterizedTest(name = "kernel {0}, stride {1}, padding {2}, bias {3}")
  @CsvSource({"3, 1, 1, true", "3, 2, 0, false", "3, 2, 1, true", "1, 2, 0, false"})
  void convolutionComputesTheHamiltonProductAtEveryPosition(
      int kernel, int stride, int pad, boolean bias) {
    ComputationGraph g =
        convolutionNet(8, 12, kernel, stride, pad, bias, Activation.IDENTITY, 5, 6);
    randomize(g, 5);
    INDArray x = Nd4j.randn(new Random(6).nextLong(), new long[] {2, 8, 5, 6});
    double[][][][] expected =
        ExplicitQuaternions.convolution(
            toArray4(x), components4d(g, "q"), bias ? bias(g, "q") : null, stride, pad);
    double[][][][] actual = toArray4(g.outputSingle(x));
    assertThat(actual.length).isEqualTo(expected.length);
    for (int n = 0; n < expected.length; n++) {
      for (int c = 0; c < expected[n].length; c++) {
        assertClose(actual[n][c], expected[n][c]);
      }
    }
  }

  @Test
  void denseGradientsMatchFiniteDifferences() {
    ComputationGraphConfiguration conf =
        base()
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(8))
            .addLayer(
                "q1",
                new QuaternionDenseLayer.Builder().nOut(12).activation(Activation.TANH).build(),
                "in")
            .addLayer(
                "q2",
                new QuaternionDenseLayer.Builder().nOut(8).activation(Activation.TANH).build(),
                "q1")
            .addLayer(
                "out",
                new LossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(),
                "q2")
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    randomize(g, 7);
    assertGradientsMatch(
        g,
        Nd4j.randn(new Random(8).nextLong(), new long[] {4, 8}),
        Nd4j.randn(new Random(9).nextLong(), new long[] {4, 8}));
  }

  @Test
  void convolutionGradientsMatchFiniteDifferences() {
    ComputationGraphConfiguration conf =
        base()
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(5, 5, 4))
            .addLayer("q1", conv(8, 3, 1, 1, true).activation(Activation.TANH).build(), "in")
            .addLayer("q2", conv(8, 2, 2, 0, false).activation(Activation.TANH).build(), "q1")
            .addLayer(
                "out",
                new CnnLossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(),
                "q2")
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    randomize(g, 10);
    assertGradientsMatch(
        g,
        Nd4j.randn(new Random(11).nextLong(), new long[] {2, 4, 5, 5}),
        Nd4j.randn(new Random(12).nextLong(), new long[] {2, 8, 2, 2}));
  }

  @Test
  void gradientsMatchFiniteDifferencesThroughConvolutionDenseAndQuaternionSoftmaxHead() {
    ComputationGraphConfiguration conf =
        base()
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(4, 4, 4))
            .addLayer("conv", conv(8, 3, 1, 0, true).activation(Activation.TANH).build(), "in")
            .addLayer(
                "fc",
                new QuaternionDenseLayer.Builder().nOut(8).activation(Activation.TANH).build(),
                "conv")
            .addLayer(
                "head",
                new QuaternionOutputLayer.Builder(LossFunction.MCXENT)
                    .nOut(4)
                    .activation(Activation.SOFTMAX)
                    .build(),
                "fc")
            .setOutputs("head")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    randomize(g, 13);
    INDArray labels = Nd4j.zeros(3, 4);
    for (int n = 0; n < 3; n++) {
      labels.putScalar(n, n % 4, 1.0);
    }
    assertGradientsMatch(g, Nd4j.randn(new Random(14).nextLong(), new long[] {3, 4, 4, 4}), labels);
  }

  @Test
  void parameterViewsStayExactDeepInsideALargeParameterVector() {
    ComputationGraphConfiguration conf =
        base()
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(784))
            .addLayer(
                "real",
                new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder()
                    .nOut(300)
                    .activation(Activation.TANH)
                    .build(),
                "in")
            .addLayer(
                "q1",
                new QuaternionDenseLayer.Builder()
                    .nOut(100)
                    .activation(Activation.IDENTITY)
                    .build(),
                "real")
            .addLayer(
                "q2",
                new QuaternionDenseLayer.Builder().nOut(12).activation(Activation.IDENTITY).build(),
                "q1")
            .addLayer(
                "out",
                new LossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(),
                "q2")
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    // every parameter holds its own index: each component view must start where the layout says
    g.params()
        .assign(
            Nd4j.arange(0, g.params().length())
                .castTo(DataType.DOUBLE)
                .reshape(g.params().shape()));
    long start = 784 * 300 + 300;
    for (int c = 0; c < 4; c++) {
      INDArray component = g.getLayer("q1").getParam(QuaternionParams.COMPONENTS.get(c));
      assertThat(component.getDouble(0, 0)).isEqualTo(start + c * 75L * 25);
      assertThat(component.getDouble(74, 24)).isEqualTo(start + (c + 1) * 75L * 25 - 1);
    }
    assertThat(g.getLayer("q1").getParam("b").getDouble(0, 99))
        .isEqualTo(start + 4 * 75L * 25 + 99);
    randomize(g, 21);
    INDArray x = Nd4j.randn(new Random(22).nextLong(), new long[] {2, 784});
    java.util.Map<String, INDArray> acts = g.feedForward(x, false);
    assertClose(
        acts.get("q1").toDoubleMatrix(),
        ExplicitQuaternions.dense(
            acts.get("real").toDoubleMatrix(), components2d(g, "q1"), bias(g, "q1")));
    assertClose(
        acts.get("q2").toDoubleMatrix(),
        ExplicitQuaternions.dense(
            acts.get("q1").toDoubleMatrix(), components2d(g, "q2"), bias(g, "q2")));
  }

  @Test
  void convolutionRunsOnTheSameKernelsAsARealConvolution() {
    ComputationGraphConfiguration conf =
        base()
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(6, 6, 8))
            .addLayer(
                "real",
                new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3)
                    .nOut(8)
                    .build(),
                "in")
            .addLayer("q", conv(8, 3, 1, 1, true).build(), "real")
            .addLayer(
                "out",
                new CnnLossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(),
                "q")
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    var real = (org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) g.getLayer("real");
    assertThat(g.getLayer("q"))
        .isInstanceOf(org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class);
    var quaternion = (org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) g.getLayer("q");
    // the oneDNN helper, when this release's switch lets it load, is picked up by both alike
    assertThat(quaternion.getHelper() == null ? null : quaternion.getHelper().getClass())
        .isEqualTo(real.getHelper() == null ? null : real.getHelper().getClass());
  }

  @Test
  void widthsThatAreNoMultipleOfFourAreRejectedWithTheLayerName() {
    assertThatThrownBy(() -> new QuaternionDenseLayer.Builder().name("fc").nIn(8).nOut(10).build())
        .hasMessageContaining("'fc'")
        .hasMessageContaining("nOut=10");
    ComputationGraphConfiguration conf =
        base()
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(6))
            .addLayer("q", new QuaternionDenseLayer.Builder().nOut(8).build(), "in")
            .addLayer("out", new LossLayer.Builder(LossFunction.MSE).build(), "q")
            .setOutputs("out")
            .build();
    assertThatThrownBy(() -> new ComputationGraph(conf).init())
        .hasMessageContaining("'q'")
        .hasMessageContaining("nIn=6");
  }

  @Test
  void trainingWithWorkspacesTakesTheSameStepsAsWithout() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 6, 4, 6, 6);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 4);
    for (int n = 0; n < 6; n++) {
      y.putScalar(n, n % 4, 1f);
    }
    INDArray[] results = new INDArray[2];
    for (WorkspaceMode mode : new WorkspaceMode[] {WorkspaceMode.ENABLED, WorkspaceMode.NONE}) {
      ComputationGraphConfiguration conf =
          new NeuralNetConfiguration.Builder()
              .seed(5)
              .dataType(DataType.FLOAT)
              .updater(new Adam(1e-2))
              .trainingWorkspaceMode(mode)
              .inferenceWorkspaceMode(mode)
              .graphBuilder()
              .addInputs("in")
              .setInputTypes(InputType.convolutional(6, 6, 4))
              .addLayer("conv", conv(8, 3, 1, 1, false).activation(Activation.RELU).build(), "in")
              .addLayer(
                  "fc",
                  new QuaternionDenseLayer.Builder().nOut(16).activation(Activation.RELU).build(),
                  "conv")
              .addLayer(
                  "head",
                  new QuaternionOutputLayer.Builder(LossFunction.MCXENT).nOut(4).build(),
                  "fc")
              .setOutputs("head")
              .build();
      ComputationGraph g = new ComputationGraph(conf);
      g.init();
      double before = g.score(new org.nd4j.linalg.dataset.DataSet(x, y));
      for (int step = 0; step < 5; step++) {
        g.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
      }
      assertThat(g.score(new org.nd4j.linalg.dataset.DataSet(x, y))).isLessThan(before);
      results[mode == WorkspaceMode.ENABLED ? 0 : 1] = g.params().dup();
    }
    assertThat(results[0].equalsWithEps(results[1], 1e-6)).isTrue();
  }

  // ---------------------------------------------------------------------------------------------

  static NeuralNetConfiguration.Builder base() {
    return new NeuralNetConfiguration.Builder()
        .seed(42)
        .dataType(DataType.DOUBLE)
        .updater(new NoOp())
        .trainingWorkspaceMode(WorkspaceMode.NONE)
        .inferenceWorkspaceMode(WorkspaceMode.NONE);
  }

  static QuaternionConvolutionLayer.Builder conv(
      int nOut, int kernel, int stride, int pad, boolean bias) {
    QuaternionConvolutionLayer.Builder b = new QuaternionConvolutionLayer.Builder(kernel, kernel);
    b.nOut(nOut)
        .stride(stride, stride)
        .padding(pad, pad)
        .convolutionMode(ConvolutionMode.Truncate)
        .hasBias(bias);
    return b;
  }

  static ComputationGraph denseNet(int nIn, int nOut, Activation activation, boolean noBias) {
    ComputationGraphConfiguration conf =
        base()
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(nIn))
            .addLayer(
                "q",
                new QuaternionDenseLayer.Builder()
                    .nOut(nOut)
                    .hasBias(!noBias)
                    .activation(activation)
                    .build(),
                "in")
            .addLayer(
                "out",
                new LossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(),
                "q")
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  static ComputationGraph outputNet(int nIn, int nOut, Activation activation, LossFunction loss) {
    ComputationGraphConfiguration conf =
        base()
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(nIn))
            .addLayer(
                "q",
                new QuaternionOutputLayer.Builder(loss).nOut(nOut).activation(activation).build(),
                "in")
            .setOutputs("q")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  static ComputationGraph convolutionNet(
      int nIn,
      int nOut,
      int kernel,
      int stride,
      int pad,
      boolean bias,
      Activation activation,
      int h,
      int w) {
    ComputationGraphConfiguration conf =
        base()
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(h, w, nIn))
            .addLayer(
                "q", conv(nOut, kernel, stride, pad, bias).activation(activation).build(), "in")
            .addLayer(
                "out",
                new CnnLossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(),
                "q")
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  /** Every parameter (biases too) drawn from N(0, 0.5²), so that no check passes by zeros. */
  static void randomize(ComputationGraph g, long seed) {
    g.params().assign(Nd4j.randn(seed, g.params().shape()).castTo(g.params().dataType()).muli(0.5));
  }

  static void assertGradientsMatch(ComputationGraph g, INDArray input, INDArray labels) {
    boolean ok =
        GradientCheckUtil.checkGradients(
            new GradientCheckUtil.GraphConfig()
                .net(g)
                .inputs(new INDArray[] {input})
                .labels(new INDArray[] {labels})
                .epsilon(1e-6)
                .maxRelError(1e-6)
                .minAbsoluteError(1e-10)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false));
    assertThat(ok).as("analytic gradients of every parameter match central differences").isTrue();
  }

  static double[][][] components2d(ComputationGraph g, String layer) {
    double[][][] out = new double[4][][];
    for (int c = 0; c < 4; c++) {
      out[c] = g.getLayer(layer).getParam(QuaternionParams.COMPONENTS.get(c)).toDoubleMatrix();
    }
    return out;
  }

  static double[][][][][] components4d(ComputationGraph g, String layer) {
    double[][][][][] out = new double[4][][][][];
    for (int c = 0; c < 4; c++) {
      out[c] = toArray4(g.getLayer(layer).getParam(QuaternionParams.COMPONENTS.get(c)));
    }
    return out;
  }

  static double[] bias(ComputationGraph g, String layer) {
    return g.getLayer(layer).getParam("b").toDoubleVector();
  }

  static double[][][][] toArray4(INDArray a) {
    long[] s = a.shape();
    double[][][][] out = new double[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
    for (int i = 0; i < s[0]; i++) {
      for (int j = 0; j < s[1]; j++) {
        for (int k = 0; k < s[2]; k++) {
          for (int l = 0; l < s[3]; l++) {
            out[i][j][k][l] = a.getDouble(i, j, k, l);
          }
        }
      }
    }
    return out;
  }

  static void assertClose(double[][] actual, double[][] expected) {
    assertThat(actual.length).isEqualTo(expected.length);
    for (int n = 0; n < expected.length; n++) {
      assertThat(actual[n].length).isEqualTo(expected[n].length);
      for (int i = 0; i < expected[n].length; i++) {
        assertThat(actual[n][i]).as("[%d][%d]", n, i).isCloseTo(expected[n][i], within(1e-10));
      }
    }
  }
}

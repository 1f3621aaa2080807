package org.fraction.engine.train.fused;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class FusedDenseStepTest {

  private static final int IN_H = 4;
  private static final int IN_W = 5;
  private static final int CLASSES = 4;

  /**
   * A small LeNet-like chain on [batch, 1, 4, 5] images: dense 12 ReLU, dense 7 ReLU, softmax 4.
   */
  private static ComputationGraph chain(IUpdater updater, double l2, long seed) {
    return DenseChains.of(IN_H, IN_W, new int[] {12, 7}, CLASSES, updater, l2, seed);
  }

  private static INDArray features(Random r, int batch) {
    float[] x = new float[batch * IN_H * IN_W];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return Nd4j.create(x, new long[] {batch, 1, IN_H, IN_W}, 'c');
  }

  private static INDArray labels(Random r, int batch) {
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, CLASSES);
    for (int b = 0; b < batch; b++) {
      y.putScalar(b, r.nextInt(CLASSES), 1f);
    }
    return y;
  }

  private static void assertSameTraining(IUpdater updater, double l2) {
    ComputationGraph reference = chain(updater, l2, 7);
    ComputationGraph fused = chain(updater, l2, 7);
    assertThat(fused.params()).isEqualTo(reference.params());
    FusedDenseStep step = FusedDenseStep.forGraph(fused).step().orElseThrow();
    Random r = new Random(3);
    for (int s = 0; s < 25; s++) {
      int batch = s == 24 ? 5 : 16; // a short last batch, as at the end of an epoch
      INDArray x = features(r, batch);
      INDArray y = labels(r, batch);
      reference.fit(new DataSet(x, y));
      double score = step.fit(x, y);
      assertThat(score).as("score of step %d", s).isCloseTo(reference.score(), within(1e-5));
      float[] expected = reference.params().toFloatVector();
      float[] actual = fused.params().toFloatVector();
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i])
            .as("parameter %d after step %d", i, s)
            .isCloseTo(expected[i], within(2e-5f));
      }
    }
    assertThat(fused.getConfiguration().getIterationCount()).isEqualTo(25);
    assertThat(fused.getUpdater().getStateViewArray().toFloatVector())
        .containsExactly(reference.getUpdater().getStateViewArray().toFloatVector(), within(2e-5f));
  }

  @Test
  void trainsAsDeeplearning4jFitDoesWithAdam() {
    assertSameTraining(new Adam(1e-2), 0);
  }

  @Test
  void trainsAsDeeplearning4jFitDoesWithNesterovMomentumAndL2() {
    assertSameTraining(new Nesterovs(0.05, 0.9), 1e-3);
  }

  @Test
  void gradientMatchesFiniteDifferencesOfAnIndependentDoubleForwardPass() {
    // plain SGD with rate 1: the step subtracts the mean gradient, so before - after is the
    // gradient
    ComputationGraph g = chain(new Sgd(1.0), 0, 11);
    FusedDenseStep step = FusedDenseStep.forGraph(g).step().orElseThrow();
    Random r = new Random(5);
    int batch = 6;
    INDArray x = features(r, batch);
    INDArray y = labels(r, batch);
    double[] before = g.params().toDoubleVector();
    step.fit(x, y);
    double[] after = g.params().toDoubleVector();
    DoubleChain reference =
        new DoubleChain(x.reshape(batch, IN_H * IN_W).toDoubleMatrix(), y.toDoubleMatrix());
    double h = 1e-5;
    for (int i = 0; i < before.length; i++) {
      double[] plus = before.clone();
      double[] minus = before.clone();
      plus[i] += h;
      minus[i] -= h;
      double numeric = (reference.loss(plus) - reference.loss(minus)) / (2 * h);
      assertThat(before[i] - after[i])
          .as("gradient of parameter %d", i)
          .isCloseTo(numeric, within(2e-4));
    }
  }

  @Test
  void probabilitiesAreTheNetworksOutput() {
    ComputationGraph g = chain(new Adam(1e-2), 0, 13);
    FusedDenseStep step = FusedDenseStep.forGraph(g).step().orElseThrow();
    Random r = new Random(8);
    step.fit(features(r, 16), labels(r, 16));
    for (int batch : new int[] {25, 3}) { // larger than any training batch, then smaller
      INDArray x = features(r, batch);
      INDArray expected = g.outputSingle(false, x);
      INDArray actual = step.probabilities(x);
      assertThat(actual.shape()).containsExactly(batch, CLASSES);
      assertThat(actual.reshape(-1).toFloatVector())
          .containsExactly(expected.reshape(-1).toFloatVector(), within(1e-6f));
    }
  }

  @Test
  void recognisesOnlyPlainDenseChains() {
    assertThat(DenseChain.of(chain(new Adam(1e-3), 0, 1)).chain()).isPresent();
    DenseChain.Verdict verdict =
        DenseChain.of(
            beforeSoftmax(
                InputType.convolutional(IN_H, IN_W, 1),
                "conv",
                new ConvolutionLayer.Builder(3, 3).nOut(2).build()));
    assertThat(verdict.chain()).isEmpty();
    assertThat(verdict.reason()).contains("'conv'");

    ComputationGraph withDropout =
        beforeSoftmax(
            InputType.feedForward(6), "fc", new DenseLayer.Builder().nOut(5).dropOut(0.5).build());
    assertThat(DenseChain.of(withDropout).reason()).contains("'fc'").contains("dropout");
  }

  /** One layer, then a softmax classifier of {@link #CLASSES} classes. */
  private static ComputationGraph beforeSoftmax(InputType in, String name, Layer layer) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.FLOAT)
            .graphBuilder()
            .addInputs("input")
            .setInputTypes(in)
            .addLayer(name, layer, "input")
            .addLayer(
                "out",
                new OutputLayer.Builder(LossFunction.MCXENT)
                    .nOut(CLASSES)
                    .activation(Activation.SOFTMAX)
                    .build(),
                name)
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  /**
   * The chain's mean cross-entropy in double precision, written from the definition and reading the
   * flat parameter vector in Deeplearning4j's layout (per layer: W [nIn, nOut] in f order, then b).
   */
  private record DoubleChain(double[][] x, double[][] y) {

    double loss(double[] p) {
      int[] widths = {IN_H * IN_W, 12, 7, CLASSES};
      int at = 0;
      double[][] a = new double[x.length][];
      for (int b = 0; b < x.length; b++) {
        a[b] = x[b].clone();
      }
      for (int l = 0; l < 3; l++) {
        int nIn = widths[l];
        int nOut = widths[l + 1];
        double[][] z = new double[a.length][nOut];
        for (int b = 0; b < a.length; b++) {
          for (int o = 0; o < nOut; o++) {
            double s = p[at + nIn * nOut + o];
            for (int i = 0; i < nIn; i++) {
              s += a[b][i] * p[at + o * nIn + i];
            }
            z[b][o] = l < 2 ? Math.max(s, 0) : s;
          }
        }
        at += nIn * nOut + nOut;
        a = z;
      }
      double loss = 0;
      for (int b = 0; b < a.length; b++) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a[b]) {
          max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : a[b]) {
          sum += Math.exp(v - max);
        }
        for (int c = 0; c < CLASSES; c++) {
          loss -= y[b][c] * (a[b][c] - max - Math.log(sum));
        }
      }
      return loss / a.length;
    }
  }
}

package org.fraction.engine.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.Network;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.GradientOracle;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The engine's gradients against an independent plain-Java computation of a small network: x (3) ->
 * tanh dense (4) -> dense (3) logits -> softmax(z / T) cross-entropy, mean over images.
 */
class NetworkGradientsTest {

  private static final int IN = 3;
  private static final int HIDDEN = 4;
  private static final int OUT = 3;
  private static final int IMAGES = 5;
  private static final ParameterRef W1 = new ParameterRef("hidden", "W");
  private static final ParameterRef B1 = new ParameterRef("hidden", "b");
  private static final ParameterRef W2 = new ParameterRef("out", "W");
  private static final ParameterRef B2 = new ParameterRef("out", "b");

  private final Random random = new Random(7);
  private final double[][] w1 = randomMatrix(IN, HIDDEN, 0.8);
  private final double[] b1 = randomMatrix(1, HIDDEN, 0.3)[0];
  private final double[][] w2 = randomMatrix(HIDDEN, OUT, 0.8);
  private final double[] b2 = randomMatrix(1, OUT, 0.3)[0];
  private final double[][] x = randomMatrix(IMAGES, IN, 1.0);
  private final int[] labels = {0, 2, 1, 1, 0};

  @Test
  void lossGradientsMatchCentralFiniteDifferencesOfAnIndependentLoss() {
    for (double temperature : new double[] {1.0, 3.0}) {
      Map<ParameterRef, INDArray> g = oracle().lossGradients(prunable(), IMAGES, temperature);
      double[] actual = concat(g.get(W1), g.get(W2));
      double h = 1e-6;
      for (int c = 0; c < actual.length; c++) {
        shift(c, h);
        double up = loss(temperature);
        shift(c, -2 * h);
        double down = loss(temperature);
        shift(c, h);
        assertThat(actual[c])
            .as("dL/dw[%d] (W1 then W2) at T=%s", c, temperature)
            .isCloseTo((up - down) / (2 * h), within(1e-8));
      }
    }
  }

  @Test
  void hessianGradientProductMatchesTheProductOfAnIndependentHessian() {
    double temperature = 2.0;
    GradientOracle oracle = oracle();
    Map<ParameterRef, INDArray> g = oracle.lossGradients(prunable(), IMAGES, temperature);
    Map<ParameterRef, INDArray> hg =
        oracle.hessianVectorProduct(prunable(), g, IMAGES, temperature);

    // H g from the exact Hessian: each column of H by central differences of the analytic gradient
    double[] v = concat(g.get(W1), g.get(W2));
    int n = v.length;
    double[] expected = new double[n];
    double h = 1e-5;
    for (int c = 0; c < n; c++) {
      shift(c, h);
      double[] up = analyticGradient(temperature);
      shift(c, -2 * h);
      double[] down = analyticGradient(temperature);
      shift(c, h);
      for (int r = 0; r < n; r++) {
        expected[r] += (up[r] - down[r]) / (2 * h) * v[c];
      }
    }
    double[] actual = concat(hg.get(W1), hg.get(W2));
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    assertThat(scale).isPositive();
    for (int r = 0; r < n; r++) {
      assertThat(actual[r]).as("(H g)[%d]", r).isCloseTo(expected[r], within(1e-6 * scale));
    }
  }

  @Test
  void synFlowScoresOfABiasFreeNetworkSumToRInEveryLayer() {
    ComputationGraphConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.FLOAT)
            .graphBuilder()
            .addInputs("input")
            .setInputTypes(InputType.convolutional(1, IN, 1))
            .addLayer(
                "a",
                new DenseLayer.Builder()
                    .nIn(IN)
                    .nOut(5)
                    .hasBias(false)
                    .activation(Activation.RELU)
                    .build(),
                "input")
            .addLayer(
                "b",
                new DenseLayer.Builder()
                    .nIn(5)
                    .nOut(4)
                    .hasBias(false)
                    .activation(Activation.RELU)
                    .build(),
                "a")
            .addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(4)
                    .nOut(2)
                    .hasBias(false)
                    .activation(Activation.SOFTMAX)
                    .build(),
                "b")
            .setOutputs("out")
            .build();
    List<ParameterRef> refs =
        List.of(
            new ParameterRef("a", "W"), new ParameterRef("b", "W"), new ParameterRef("out", "W"));
    double[][][] w = {randomMatrix(IN, 5, 1), randomMatrix(5, 4, 1), randomMatrix(4, 2, 1)};
    Map<ParameterRef, INDArray> weights = new LinkedHashMap<>();
    for (int l = 0; l < 3; l++) {
      weights.put(refs.get(l), Nd4j.create(w[l]));
    }
    Network network = new Network(conf, refs, List.of(), 0);
    NetworkGradients oracle =
        new NetworkGradients(
            network,
            weights,
            new InputShape(1, IN, 1),
            2,
            8,
            n -> {
              throw new AssertionError("SynFlow uses no data");
            });
    Map<ParameterRef, INDArray> grad =
        oracle.objectiveGradients(weights, true, GradientOracle.LogitObjective.SUM);

    // R = 1^T |W_a| |W_b| |W_out| 1, computed independently
    double[] row = {1, 1, 1};
    for (double[][] layer : w) {
      double[] next = new double[layer[0].length];
      for (int i = 0; i < row.length; i++) {
        for (int j = 0; j < next.length; j++) {
          next[j] += row[i] * Math.abs(layer[i][j]);
        }
      }
      row = next;
    }
    double r = 0;
    for (double v : row) {
      r += v;
    }
    for (int l = 0; l < 3; l++) {
      INDArray score = Nd4j.create(w[l]).castTo(DataType.DOUBLE).mul(grad.get(refs.get(l)));
      assertThat(org.nd4j.linalg.ops.transforms.Transforms.abs(score).sumNumber().doubleValue())
          .as("layer %s's scores sum to R", refs.get(l))
          .isCloseTo(r, within(1e-9 * r));
    }
  }

  // ---- the network through the engine

  private GradientOracle oracle() {
    ComputationGraphConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.FLOAT)
            .graphBuilder()
            .addInputs("input")
            .setInputTypes(InputType.convolutional(1, IN, 1))
            .addLayer(
                "hidden",
                new DenseLayer.Builder().nIn(IN).nOut(HIDDEN).activation(Activation.TANH).build(),
                "input")
            .addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(HIDDEN)
                    .nOut(OUT)
                    .activation(Activation.SOFTMAX)
                    .build(),
                "hidden")
            .setOutputs("out")
            .build();
    Network network = new Network(conf, List.of(W1, W2), List.of(), 0);
    Map<ParameterRef, INDArray> all = new LinkedHashMap<>(prunable());
    all.put(B1, Nd4j.create(new double[][] {b1}));
    all.put(B2, Nd4j.create(new double[][] {b2}));
    INDArray features = Nd4j.create(x).reshape(IMAGES, 1, 1, IN);
    INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, IMAGES, OUT);
    for (int n = 0; n < IMAGES; n++) {
      oneHot.putScalar(n, labels[n], 1.0);
    }
    // chunks of 2 images: the mean must not depend on how the images are split
    return new NetworkGradients(
        network, all, new InputShape(1, IN, 1), OUT, 2, n -> new DataSet(features, oneHot));
  }

  private Map<ParameterRef, INDArray> prunable() {
    Map<ParameterRef, INDArray> m = new LinkedHashMap<>();
    m.put(W1, Nd4j.create(w1));
    m.put(W2, Nd4j.create(w2));
    return m;
  }

  // ---- the same network in plain Java

  private double loss(double temperature) {
    double sum = 0;
    for (int n = 0; n < IMAGES; n++) {
      double[] z = logits(n);
      double[] p = softmax(z, temperature);
      sum -= Math.log(p[labels[n]]);
    }
    return sum / IMAGES;
  }

  private double[] hidden(int n) {
    double[] a = new double[HIDDEN];
    for (int j = 0; j < HIDDEN; j++) {
      double s = b1[j];
      for (int i = 0; i < IN; i++) {
        s += x[n][i] * w1[i][j];
      }
      a[j] = Math.tanh(s);
    }
    return a;
  }

  private double[] logits(int n) {
    double[] a = hidden(n);
    double[] z = new double[OUT];
    for (int k = 0; k < OUT; k++) {
      z[k] = b2[k];
      for (int j = 0; j < HIDDEN; j++) {
        z[k] += a[j] * w2[j][k];
      }
    }
    return z;
  }

  private static double[] softmax(double[] z, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v / temperature);
    }
    double sum = 0;
    double[] p = new double[z.length];
    for (int k = 0; k < z.length; k++) {
      p[k] = Math.exp(z[k] / temperature - max);
      sum += p[k];
    }
    for (int k = 0; k < z.length; k++) {
      p[k] /= sum;
    }
    return p;
  }

  /** Backpropagation by hand: dL/dW1 then dL/dW2, row-major. */
  private double[] analyticGradient(double temperature) {
    double[][] g1 = new double[IN][HIDDEN];
    double[][] g2 = new double[HIDDEN][OUT];
    for (int n = 0; n < IMAGES; n++) {
      double[] a = hidden(n);
      double[] p = softmax(logits(n), temperature);
      double[] dz = new double[OUT];
      for (int k = 0; k < OUT; k++) {
        dz[k] = (p[k] - (k == labels[n] ? 1 : 0)) / temperature / IMAGES;
      }
      for (int j = 0; j < HIDDEN; j++) {
        double da = 0;
        for (int k = 0; k < OUT; k++) {
          g2[j][k] += a[j] * dz[k];
          da += w2[j][k] * dz[k];
        }
        double ds = da * (1 - a[j] * a[j]);
        for (int i = 0; i < IN; i++) {
          g1[i][j] += x[n][i] * ds;
        }
      }
    }
    double[] out = new double[IN * HIDDEN + HIDDEN * OUT];
    int c = 0;
    for (double[] r : g1) {
      for (double v : r) {
        out[c++] = v;
      }
    }
    for (double[] r : g2) {
      for (double v : r) {
        out[c++] = v;
      }
    }
    return out;
  }

  private void shift(int index, double by) {
    if (index < IN * HIDDEN) {
      w1[index / HIDDEN][index % HIDDEN] += by;
    } else {
      int k = index - IN * HIDDEN;
      w2[k / OUT][k % OUT] += by;
    }
  }

  private static double[] concat(INDArray a, INDArray b) {
    double[] x = a.dup('c').data().asDouble();
    double[] y = b.dup('c').data().asDouble();
    double[] out = new double[x.length + y.length];
    System.arraycopy(x, 0, out, 0, x.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }

  private double[][] randomMatrix(int rows, int cols, double scale) {
    double[][] m = new double[rows][cols];
    for (double[] r : m) {
      for (int c = 0; c < cols; c++) {
        r[c] = scale * random.nextGaussian();
      }
    }
    return m;
  }
}

package org.fraction.plugins.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fraction.plugins.pruning.QuaternionMagnitudePruningTest.context;
import static org.fraction.plugins.pruning.QuaternionMagnitudePruningTest.group;
import static org.fraction.plugins.pruning.QuaternionMagnitudePruningTest.prune;
import static org.fraction.plugins.pruning.QuaternionMagnitudePruningTest.remaining;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ScoredPruningTest {

  private final Random random = new Random(11);

  @Test
  void snipKeepsTheLargestWeightTimesGradientOnTenImagesPerClass() {
    Map<ParameterRef, INDArray> weights = twoLayers(3, 4, 2);
    FakeGradients oracle = oracle(20);
    Map<ParameterRef, INDArray> masks =
        prune(new Snip(new SnipSettings(null, null)), withGradients(weights, oracle, 0.5, 1));

    double[] theta = FakeGradients.flat(weights);
    double[] g = plus(oracle.linear, FakeGradients.times(oracle.hessian, theta));
    double[] score = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      score[i] = Math.abs(theta[i] * g[i]);
    }
    assertThat(FakeGradients.flat(masks)).containsExactly(topMask(score, 10));
    assertThat(oracle.images).containsExactly(100);
    assertThat(oracle.temperatures).containsExactly(1.0);

    FakeGradients seven = oracle(20);
    prune(new Snip(new SnipSettings(7, null)), withGradients(weights, seven, 0.5, 1));
    assertThat(seven.images).containsExactly(7);
  }

  @Test
  void graspKeepsTheLowestMinusWeightTimesHessianGradientAtTemperature200() {
    Map<ParameterRef, INDArray> weights = twoLayers(3, 4, 2);
    FakeGradients oracle = oracle(20);
    Map<ParameterRef, INDArray> masks =
        prune(
            new Grasp(new GraspSettings(null, null, null)), withGradients(weights, oracle, 0.6, 2));

    double[] theta = FakeGradients.flat(weights);
    double[] hg =
        FakeGradients.times(
            oracle.hessian, plus(oracle.linear, FakeGradients.times(oracle.hessian, theta)));
    double[] keepScore = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      keepScore[i] = -(-theta[i] * hg[i]); // GraSP prunes the highest -θ·Hg
    }
    assertThat(FakeGradients.flat(masks))
        .containsExactly(topMask(keepScore, Math.round(20 * 0.36)));
    assertThat(oracle.temperatures).containsOnly(200.0);
    assertThat(oracle.images).containsOnly(100);
  }

  @Test
  void synFlowReachesTheTargetCountExactlyAfterItsIterations() {
    Map<ParameterRef, INDArray> weights = twoLayers(8, 6, 4);
    FakeGradients oracle = oracle(72);
    PruningContext context = withGradients(weights, oracle, 0.5, 3);
    Map<ParameterRef, INDArray> masks = prune(new SynFlow(new SynFlowSettings(10, null)), context);
    assertThat(remaining(masks)).isEqualTo(context.target()).isEqualTo(9);
    assertThat(oracle.objectiveCalls).isEqualTo(10);
  }

  @Test
  void oneSynFlowIterationKeepsTheLargestSynapticFlow() {
    Map<ParameterRef, INDArray> weights = twoLayers(4, 3, 2);
    FakeGradients oracle = oracle(18);
    Map<ParameterRef, INDArray> masks =
        prune(new SynFlow(new SynFlowSettings(1, null)), withGradients(weights, oracle, 0.5, 1));
    List<INDArray> w = List.copyOf(weights.values());
    double[][] w1 = w.get(0).toDoubleMatrix();
    double[][] w2 = w.get(1).toDoubleMatrix();
    double[] score = new double[18];
    int n = 0;
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 3; j++) {
        score[n++] = Math.abs(w1[i][j]) * (Math.abs(w2[j][0]) + Math.abs(w2[j][1]));
      }
    }
    for (int j = 0; j < 3; j++) {
      for (int k = 0; k < 2; k++) {
        score[n++] =
            Math.abs(w2[j][k])
                * (Math.abs(w1[0][j])
                    + Math.abs(w1[1][j])
                    + Math.abs(w1[2][j])
                    + Math.abs(w1[3][j]));
      }
    }
    assertThat(FakeGradients.flat(masks)).containsExactly(topMask(score, 9));
  }

  @Test
  void quaternionGranularityKeepsOrRemovesWholeQuaternions() {
    Map<ParameterRef, INDArray> weights = new LinkedHashMap<>();
    for (String part : QuaternionMagnitudePruningTest.PARTS) {
      weights.put(new ParameterRef("q", part), gaussian(1, 6));
    }
    weights.put(new ParameterRef("fc", "W"), gaussian(1, 5));
    for (PruningStrategy strategy :
        List.<PruningStrategy>of(
            new Snip(new SnipSettings(null, Granularity.QUATERNION)),
            new Grasp(new GraspSettings(null, null, Granularity.QUATERNION)))) {
      FakeGradients oracle = oracle(29);
      PruningContext context =
          new PruningContext(
              context(weights, null, List.of(group("q")), 0.5, 1).tensors(),
              List.of(group("q")),
              0.5,
              1,
              new java.util.SplittableRandom(1),
              oracle);
      Map<ParameterRef, INDArray> masks = prune(strategy, context);
      assertThat(remaining(masks)).isEqualTo(context.target());
      double[] r = masks.get(new ParameterRef("q", "r")).toDoubleVector();
      long quaternionsKept = 0;
      for (String part : QuaternionMagnitudePruningTest.PARTS) {
        assertThat(masks.get(new ParameterRef("q", part)).toDoubleVector())
            .as(part)
            .containsExactly(r);
      }
      for (double v : r) {
        quaternionsKept += (long) v;
      }
      assertThat(quaternionsKept).isBetween(1L, 5L);
    }
  }

  @Test
  void quaternionGranularityRanksAQuaternionByTheSumOfItsFourScores() {
    Map<ParameterRef, INDArray> weights = new LinkedHashMap<>();
    for (String part : QuaternionMagnitudePruningTest.PARTS) {
      weights.put(new ParameterRef("q", part), Nd4j.ones(DataType.FLOAT, 1, 3));
    }
    // gradients: quaternion 0 has one large component (sum 4), quaternion 1 four medium ones (sum
    // 6), quaternion 2 small
    double[] g = new double[12];
    double[][] perQuaternion = {{4, 0, 0, 0}, {1.5, 1.5, 1.5, 1.5}, {0.1, 0.1, 0.1, 0.1}};
    for (int c = 0; c < 4; c++) {
      for (int n = 0; n < 3; n++) {
        g[c * 3 + n] = perQuaternion[n][c];
      }
    }
    FakeGradients oracle = new FakeGradients(g, new double[12][12]);
    PruningContext context =
        new PruningContext(
            context(weights, null, List.of(group("q")), 1.0 / 3, 1).tensors(),
            List.of(group("q")),
            1.0 / 3,
            1,
            new java.util.SplittableRandom(1),
            oracle);
    Map<ParameterRef, INDArray> masks =
        prune(new Snip(new SnipSettings(null, Granularity.QUATERNION)), context);
    assertThat(masks.get(new ParameterRef("q", "r")).toDoubleVector()).containsExactly(0, 1, 0);
  }

  // ---- helpers

  private PruningContext withGradients(
      Map<ParameterRef, INDArray> weights, FakeGradients oracle, double keep, int round) {
    List<PrunableTensor> tensors = context(weights, null, List.of(), keep, round).tensors();
    return new PruningContext(
        tensors, List.of(), keep, round, new java.util.SplittableRandom(1), oracle);
  }

  private Map<ParameterRef, INDArray> twoLayers(int a, int b, int c) {
    Map<ParameterRef, INDArray> w = new LinkedHashMap<>();
    w.put(new ParameterRef("fc1", "W"), gaussian(a, b));
    w.put(new ParameterRef("fc2", "W"), gaussian(b, c));
    return w;
  }

  private INDArray gaussian(int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] r : m) {
      for (int c = 0; c < cols; c++) {
        r[c] = random.nextGaussian();
      }
    }
    return Nd4j.create(m).castTo(DataType.FLOAT);
  }

  private FakeGradients oracle(int n) {
    double[] g = new double[n];
    double[][] h = new double[n][n];
    for (int i = 0; i < n; i++) {
      g[i] = random.nextGaussian();
      for (int j = 0; j <= i; j++) {
        h[i][j] = h[j][i] = random.nextGaussian() / n;
      }
    }
    return new FakeGradients(g, h);
  }

  /** 1 for the {@code k} largest scores (all distinct here), else 0. */
  private static double[] topMask(double[] score, long k) {
    double[] sorted = score.clone();
    Arrays.sort(sorted);
    double threshold = sorted[(int) (sorted.length - k)];
    double[] mask = new double[score.length];
    for (int i = 0; i < score.length; i++) {
      mask[i] = score[i] >= threshold ? 1 : 0;
    }
    return mask;
  }

  private static double[] plus(double[] a, double[] b) {
    double[] out = a.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += b[i];
    }
    return out;
  }
}

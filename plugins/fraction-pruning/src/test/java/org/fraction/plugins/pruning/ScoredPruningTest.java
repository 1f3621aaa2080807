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
        prune(new Snip(new SnipSettings(null, null, null)), withGradients(weights, oracle, 0.5, 1));

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
    prune(new Snip(new SnipSettings(7, null, null)), withGradients(weights, seven, 0.5, 1));
    assertThat(seven.images).containsExactly(7);
  }

  @Test
  void graspKeepsTheLowestMinusWeightTimesHessianGradientAtTemperature200() {
    Map<ParameterRef, INDArray> weights = twoLayers(3, 4, 2);
    FakeGradients oracle = oracle(20);
    Map<ParameterRef, INDArray> masks =
        prune(
            new Grasp(new GraspSettings(null, null, null, null)),
            withGradients(weights, oracle, 0.6, 2));

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
    Map<ParameterRef, INDArray> masks =
        prune(new SynFlow(new SynFlowSettings(10, null, null)), context);
    assertThat(remaining(masks)).isEqualTo(context.target()).isEqualTo(9);
    assertThat(oracle.objectiveCalls).isEqualTo(10);
  }

  @Test
  void oneSynFlowIterationKeepsTheLargestSynapticFlow() {
    Map<ParameterRef, INDArray> weights = twoLayers(4, 3, 2);
    FakeGradients oracle = oracle(18);
    Map<ParameterRef, INDArray> masks =
        prune(
            new SynFlow(new SynFlowSettings(1, null, null)),
            withGradients(weights, oracle, 0.5, 1));
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
    Map<ParameterRef, INDArray> weights = quaternionLayerAndRealLayer();
    for (PruningStrategy strategy :
        List.<PruningStrategy>of(
            new Snip(new SnipSettings(null, Granularity.QUATERNION, null)),
            new Grasp(new GraspSettings(null, null, Granularity.QUATERNION, null)))) {
      FakeGradients oracle = oracle(29);
      PruningContext context = withQuaternionGroup(weights, oracle);
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
        prune(new Snip(new SnipSettings(null, Granularity.QUATERNION, null)), context);
    assertThat(masks.get(new ParameterRef("q", "r")).toDoubleVector()).containsExactly(0, 1, 0);
  }

  @Test
  void layerScopeKeepsTheRoundsFractionOfEachLayerByThatLayersScores() {
    Map<ParameterRef, INDArray> weights = twoLayers(3, 4, 2); // 12 + 8 weights
    double[] theta = FakeGradients.flat(weights);

    FakeGradients snipOracle = oracle(20);
    Map<ParameterRef, INDArray> snip =
        prune(
            new Snip(new SnipSettings(null, null, Scope.LAYER)),
            withGradients(weights, snipOracle, 0.6, 2));
    double[] g = plus(snipOracle.linear, FakeGradients.times(snipOracle.hessian, theta));
    double[] snipScore = new double[20];
    for (int i = 0; i < 20; i++) {
      snipScore[i] = Math.abs(theta[i] * g[i]);
    }
    // keep^2 = 0.36: round(12 * 0.36) = 4 of the first layer, round(8 * 0.36) = 3 of the second
    assertThat(FakeGradients.flat(snip)).containsExactly(perLayerTop(snipScore, 12, 4, 3));

    FakeGradients graspOracle = oracle(20);
    Map<ParameterRef, INDArray> grasp =
        prune(
            new Grasp(new GraspSettings(null, null, null, Scope.LAYER)),
            withGradients(weights, graspOracle, 0.5, 1));
    double[] hg =
        FakeGradients.times(
            graspOracle.hessian,
            plus(graspOracle.linear, FakeGradients.times(graspOracle.hessian, theta)));
    double[] graspKeep = new double[20];
    for (int i = 0; i < 20; i++) {
      graspKeep[i] = theta[i] * hg[i]; // the highest -θ·Hg are pruned
    }
    assertThat(FakeGradients.flat(grasp)).containsExactly(perLayerTop(graspKeep, 12, 6, 4));
  }

  @Test
  void layerScopeSynFlowReachesEachLayersCountExactly() {
    Map<ParameterRef, INDArray> weights = twoLayers(8, 6, 4); // 48 + 24 weights
    FakeGradients oracle = oracle(72);
    PruningContext context = withGradients(weights, oracle, 0.5, 3);
    Map<ParameterRef, INDArray> masks =
        prune(new SynFlow(new SynFlowSettings(10, null, Scope.LAYER)), context);
    List<INDArray> layers = List.copyOf(masks.values());
    // 0.5^3: 6 of 48 and 3 of 24, where global SynFlow keeps 9 wherever the flow is largest
    assertThat(layers.get(0).sumNumber().longValue()).isEqualTo(6);
    assertThat(layers.get(1).sumNumber().longValue()).isEqualTo(3);
    assertThat(oracle.objectiveCalls).isEqualTo(10);
    assertThat(
            new SynFlow(new SynFlowSettings(10, null, Scope.LAYER))
                .plannedRemaining(new long[] {48, 24}, new int[0][], 0.5, 3))
        .isEqualTo(9);
    assertThat(
            new SynFlow(new SynFlowSettings(10, null, Scope.LAYER))
                .plannedRemaining(new long[] {10, 10}, new int[0][], 0.5, 1))
        .as("round(10 * 0.5) twice, not round(20 * 0.5)")
        .isEqualTo(10);
    assertThat(
            new Snip(new SnipSettings(null, null, Scope.LAYER))
                .plannedRemaining(new long[] {5, 5}, new int[0][], 0.5, 1))
        .as("round(2.5) per layer")
        .isEqualTo(6);
  }

  @Test
  void layerScopeWithQuaternionGranularityKeepsEachLayersFractionOfWholeQuaternions() {
    Map<ParameterRef, INDArray> weights = quaternionLayerAndRealLayer();
    FakeGradients oracle = oracle(29);
    PruningContext context = withQuaternionGroup(weights, oracle);
    Snip snip = new Snip(new SnipSettings(null, Granularity.QUATERNION, Scope.LAYER));
    Map<ParameterRef, INDArray> masks = prune(snip, context);

    double[] theta = FakeGradients.flat(weights);
    double[] g = plus(oracle.linear, FakeGradients.times(oracle.hessian, theta));
    double[] quaternionScore = new double[6];
    for (int c = 0; c < 4; c++) {
      for (int n = 0; n < 6; n++) {
        quaternionScore[n] += Math.abs(theta[c * 6 + n] * g[c * 6 + n]);
      }
    }
    double[] fcScore = new double[5];
    for (int n = 0; n < 5; n++) {
      fcScore[n] = Math.abs(theta[24 + n] * g[24 + n]);
    }
    double[] r = masks.get(new ParameterRef("q", "r")).toDoubleVector();
    assertThat(r).containsExactly(topMask(quaternionScore, 3)); // round(6 * 0.5) quaternions
    for (String part : QuaternionMagnitudePruningTest.PARTS) {
      assertThat(masks.get(new ParameterRef("q", part)).toDoubleVector()).as(part).isEqualTo(r);
    }
    assertThat(masks.get(new ParameterRef("fc", "W")).toDoubleVector())
        .containsExactly(topMask(fcScore, 3)); // round(5 * 0.5) = 3 weights
    assertThat(
            snip.plannedRemaining(new long[] {6, 6, 6, 6, 5}, new int[][] {{0, 1, 2, 3}}, 0.5, 1))
        .isEqualTo(4 * 3 + 3);
    assertThat(snip.allowedShortfall()).isZero();
  }

  // ---- helpers

  private PruningContext withGradients(
      Map<ParameterRef, INDArray> weights, FakeGradients oracle, double keep, int round) {
    List<PrunableTensor> tensors = context(weights, null, List.of(), keep, round).tensors();
    return new PruningContext(
        tensors, List.of(), keep, round, new java.util.SplittableRandom(1), oracle);
  }

  /** A quaternion layer "q" of 6 quaternions and a real tensor "fc/W" of 5 weights. */
  private Map<ParameterRef, INDArray> quaternionLayerAndRealLayer() {
    Map<ParameterRef, INDArray> weights = new LinkedHashMap<>();
    for (String part : QuaternionMagnitudePruningTest.PARTS) {
      weights.put(new ParameterRef("q", part), gaussian(1, 6));
    }
    weights.put(new ParameterRef("fc", "W"), gaussian(1, 5));
    return weights;
  }

  /** The context of round 1 at keep 0.5, with "q" as a quaternion group. */
  private static PruningContext withQuaternionGroup(
      Map<ParameterRef, INDArray> weights, FakeGradients oracle) {
    return new PruningContext(
        context(weights, null, List.of(group("q")), 0.5, 1).tensors(),
        List.of(group("q")),
        0.5,
        1,
        new java.util.SplittableRandom(1),
        oracle);
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

  /** {@link #topMask} within the first {@code split} scores and within the rest, separately. */
  private static double[] perLayerTop(double[] score, int split, long first, long second) {
    double[] a = topMask(Arrays.copyOfRange(score, 0, split), first);
    double[] b = topMask(Arrays.copyOfRange(score, split, score.length), second);
    double[] out = Arrays.copyOf(a, score.length);
    System.arraycopy(b, 0, out, split, b.length);
    return out;
  }

  private static double[] plus(double[] a, double[] b) {
    double[] out = a.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += b[i];
    }
    return out;
  }
}

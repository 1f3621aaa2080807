package org.fraction.plugins.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.model.QuaternionGroup;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class QuaternionMagnitudePruningTest {

  static final List<String> PARTS = List.of("r", "i", "j", "k");

  /** A quaternion layer "q" whose quaternion n has the given components. */
  static Map<ParameterRef, INDArray> quaternionLayer(String layer, double[][] quaternions) {
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    for (int c = 0; c < 4; c++) {
      double[] component = new double[quaternions.length];
      for (int n = 0; n < quaternions.length; n++) {
        component[n] = quaternions[n][c];
      }
      out.put(
          new ParameterRef(layer, PARTS.get(c)),
          Nd4j.create(component).castTo(DataType.FLOAT).reshape(1, quaternions.length));
    }
    return out;
  }

  static QuaternionGroup group(String layer) {
    return new QuaternionGroup(
        new ParameterRef(layer, "r"),
        new ParameterRef(layer, "i"),
        new ParameterRef(layer, "j"),
        new ParameterRef(layer, "k"));
  }

  static PruningContext context(
      Map<ParameterRef, INDArray> weights,
      Map<ParameterRef, INDArray> masks,
      List<QuaternionGroup> groups,
      double keep,
      int round) {
    List<PrunableTensor> tensors = new ArrayList<>();
    for (var e : weights.entrySet()) {
      INDArray mask =
          masks == null ? Nd4j.ones(DataType.FLOAT, e.getValue().shape()) : masks.get(e.getKey());
      tensors.add(new PrunableTensor(e.getKey(), e.getValue(), mask));
    }
    return new PruningContext(tensors, groups, keep, round, new SplittableRandom(1));
  }

  static Map<ParameterRef, INDArray> prune(PruningStrategy strategy, PruningContext context) {
    return PruningStrategiesTest.checked(strategy, context);
  }

  static long remaining(Map<ParameterRef, INDArray> masks) {
    return masks.values().stream().mapToLong(m -> m.sumNumber().longValue()).sum();
  }

  static float[] row(Map<ParameterRef, INDArray> masks, String layer, String param) {
    return masks.get(new ParameterRef(layer, param)).dup().data().asFloat();
  }

  @Test
  void removesWholeQuaternionsRankedByTheirNorm() {
    // norms 2, 0.5, 4, 1 (the largest single component is in the smallest quaternion... almost)
    double[][] q = {{1, 1, 1, 1}, {0.49, 0.1, 0, 0}, {2, 2, 2, 2}, {0, 0, 0, 1}};
    Map<ParameterRef, INDArray> w = quaternionLayer("q", q);
    Map<ParameterRef, INDArray> masks =
        prune(
            new QuaternionMagnitudePruning(Scope.GLOBAL),
            context(w, null, List.of(group("q")), 0.5, 1));
    for (String part : PARTS) {
      assertThat(row(masks, "q", part)).as(part).containsExactly(1f, 0f, 1f, 0f);
    }
  }

  @Test
  void componentWiseMagnitudeWouldSplitTheSameQuaternions() {
    double[][] q = {{1, 1, 1, 1}, {0.49, 0.1, 0, 0}, {2, 2, 2, 2}, {0, 0, 0, 1.5}};
    Map<ParameterRef, INDArray> w = quaternionLayer("q", q);
    Map<ParameterRef, INDArray> quaternion =
        prune(
            new QuaternionMagnitudePruning(Scope.GLOBAL),
            context(w, null, List.of(group("q")), 0.5, 1));
    Map<ParameterRef, INDArray> componentWise =
        prune(new MagnitudePruning(Scope.GLOBAL), context(w, null, List.of(group("q")), 0.5, 1));
    assertThat(row(quaternion, "q", "k")).containsExactly(1f, 0f, 1f, 0f);
    assertThat(row(componentWise, "q", "k")).containsExactly(0f, 0f, 1f, 1f);
  }

  @Test
  void realWeightsCompeteByMagnitudeAgainstTheRootMeanSquareOfQuaternions() {
    // quaternion RMS: 1, 3, 0.1; real weights 2, 0.5, 0.05, 1.5
    Map<ParameterRef, INDArray> w =
        quaternionLayer("q", new double[][] {{1, -1, 1, -1}, {3, 3, -3, 3}, {0.1, 0.1, 0.1, 0.1}});
    w.put(
        new ParameterRef("fc", "W"),
        Nd4j.create(new float[] {2f, -0.5f, 0.05f, 1.5f}, new long[] {1, 4}, 'c'));
    // 16 weights, keep 10: quaternion 3 (4), real 2 (1), real 1.5 (1), quaternion 1 (4)
    Map<ParameterRef, INDArray> masks =
        prune(
            new QuaternionMagnitudePruning(Scope.GLOBAL),
            context(w, null, List.of(group("q")), 10.0 / 16, 1));
    assertThat(remaining(masks)).isEqualTo(10);
    assertThat(row(masks, "q", "j")).containsExactly(1f, 1f, 0f);
    assertThat(row(masks, "fc", "W")).containsExactly(1f, 0f, 0f, 1f);
  }

  @Test
  void theGlobalCountIsExactEvenWhenTheLastQuaternionDoesNotFit() {
    // 15 weights, target 8. Ranked: quaternion RMS 3 (4 weights), reals 2.0, 1.5, 1.2, quaternion
    // RMS 1, quaternion RMS 0.1. Taking while it fits leaves one weight unused after 1.2; the
    // quaternion of RMS 1 is kept instead of the three real weights
    Map<ParameterRef, INDArray> w =
        quaternionLayer("q", new double[][] {{1, -1, 1, -1}, {3, 3, -3, 3}, {0.1, 0.1, 0.1, 0.1}});
    w.put(
        new ParameterRef("fc", "W"),
        Nd4j.create(new float[] {2f, 1.5f, 1.2f}, new long[] {1, 3}, 'c'));
    PruningContext ctx = context(w, null, List.of(group("q")), 8.0 / 15, 1);
    assertThat(ctx.target()).isEqualTo(8);
    Map<ParameterRef, INDArray> masks = prune(new QuaternionMagnitudePruning(Scope.GLOBAL), ctx);
    assertThat(remaining(masks)).isEqualTo(8);
    assertThat(row(masks, "q", "r")).containsExactly(1f, 1f, 0f);
    assertThat(row(masks, "fc", "W")).containsExactly(0f, 0f, 0f);
    // with a lower target the same ranking fits without trading: 4 + 2.0 + 1.5
    assertThat(
            remaining(
                prune(
                    new QuaternionMagnitudePruning(Scope.GLOBAL),
                    context(w, null, List.of(group("q")), 6.0 / 15, 1))))
        .isEqualTo(6);
  }

  @Test
  void layerScopeKeepsTheSameFractionOfEachLayer() {
    Random random = new Random(3);
    double[][] q = new double[10][4];
    for (double[] x : q) {
      for (int c = 0; c < 4; c++) {
        x[c] = random.nextGaussian();
      }
    }
    Map<ParameterRef, INDArray> w = quaternionLayer("q", q);
    w.put(new ParameterRef("fc", "W"), Nd4j.randn(DataType.FLOAT, 1, 30));
    Map<ParameterRef, INDArray> masks =
        prune(
            new QuaternionMagnitudePruning(Scope.LAYER),
            context(w, null, List.of(group("q")), 0.7, 1));
    for (String part : PARTS) {
      assertThat(masks.get(new ParameterRef("q", part)).sumNumber().longValue()).isEqualTo(7);
      assertThat(row(masks, "q", part)).containsExactly(row(masks, "q", "r"));
    }
    assertThat(masks.get(new ParameterRef("fc", "W")).sumNumber().longValue()).isEqualTo(21);
  }

  @Test
  void plannedRemainingMatchesWhatRoundsLeave() {
    for (Scope scope : Scope.values()) {
      for (boolean realHead : new boolean[] {true, false}) {
        Random random = new Random(11);
        Map<ParameterRef, INDArray> w = new LinkedHashMap<>();
        List<QuaternionGroup> groups = new ArrayList<>();
        for (String layer : List.of("a", "b")) {
          double[][] q = new double[layer.equals("a") ? 37 : 53][4];
          for (double[] x : q) {
            for (int c = 0; c < 4; c++) {
              x[c] = random.nextGaussian();
            }
          }
          w.putAll(quaternionLayer(layer, q));
          groups.add(group(layer));
        }
        if (realHead) {
          w.put(new ParameterRef("fc", "W"), Nd4j.randn(DataType.FLOAT, 1, 41));
        }
        long[] sizes = w.values().stream().mapToLong(INDArray::length).toArray();
        List<ParameterRef> refs = new ArrayList<>(w.keySet());
        int[][] groupIndex =
            groups.stream()
                .map(g -> g.components().stream().mapToInt(refs::indexOf).toArray())
                .toArray(int[][]::new);
        QuaternionMagnitudePruning strategy = new QuaternionMagnitudePruning(scope);
        Map<ParameterRef, INDArray> masks = null;
        for (int round = 1; round <= 6; round++) {
          masks = prune(strategy, context(w, masks, groups, 0.8, round));
          assertThat(remaining(masks))
              .as(scope + ", real head " + realHead + ", round " + round)
              .isEqualTo(strategy.plannedRemaining(sizes, groupIndex, 0.8, round));
          for (QuaternionGroup g : groups) {
            for (ParameterRef c : g.components()) {
              assertThat(masks.get(c)).isEqualTo(masks.get(g.r()));
            }
          }
        }
      }
    }
  }

  @Test
  void withoutQuaternionsItIsGlobalMagnitude() {
    Map<ParameterRef, INDArray> w = new LinkedHashMap<>();
    w.put(new ParameterRef("fc1", "W"), Nd4j.randn(DataType.FLOAT, 7, 9));
    w.put(new ParameterRef("fc2", "W"), Nd4j.randn(DataType.FLOAT, 9, 3));
    PruningContext ctx = context(w, null, List.of(), 0.6, 2);
    assertThat(prune(new QuaternionMagnitudePruning(Scope.GLOBAL), ctx))
        .isEqualTo(prune(new MagnitudePruning(Scope.GLOBAL), ctx));
  }
}

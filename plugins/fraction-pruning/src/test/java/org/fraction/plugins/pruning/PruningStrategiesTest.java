package org.fraction.plugins.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fraction.engine.train.MaskContract;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PruningStrategiesTest {

  static PrunableTensor tensor(String layer, long seed, int rows, int cols, double maskDensity) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] w = new float[rows * cols];
    float[] m = new float[rows * cols];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian() * (layer.equals("big") ? 10 : 1);
      m[i] = r.nextDouble() < maskDensity ? 1 : 0;
    }
    return new PrunableTensor(
        new ParameterRef(layer, "W"),
        Nd4j.create(w, new long[] {rows, cols}, 'c'),
        Nd4j.create(m, new long[] {rows, cols}, 'c'));
  }

  static PruningContext context(double keep, int round, PrunableTensor... tensors) {
    return new PruningContext(List.of(tensors), List.of(), keep, round, new SplittableRandom(42));
  }

  /** The strategy's masks, held to the contract the engine checks. */
  static Map<ParameterRef, INDArray> checked(PruningStrategy strategy, PruningContext context) {
    return new MaskContract(strategy, "under-test", "pruning")
        .check(context, strategy.prune(context));
  }

  static long count(Map<ParameterRef, INDArray> masks) {
    return masks.values().stream().mapToLong(m -> m.sumNumber().longValue()).sum();
  }

  @Test
  void globalMagnitudeKeepsExactlyTheTargetLargestSurvivors() {
    PrunableTensor a = tensor("big", 1, 30, 20, 1.0);
    PrunableTensor b = tensor("small", 2, 10, 10, 1.0);
    PruningContext ctx = context(0.8, 3, a, b);
    Map<ParameterRef, INDArray> masks = checked(new MagnitudePruning(Scope.GLOBAL), ctx);
    assertThat(count(masks)).isEqualTo(Math.round(700 * Math.pow(0.8, 3))).isEqualTo(ctx.target());
    double smallestKept = Double.MAX_VALUE;
    double largestPruned = 0;
    for (PrunableTensor t : ctx.tensors()) {
      float[] w = t.weights().dup('c').data().asFloat();
      float[] m = masks.get(t.ref()).dup('c').data().asFloat();
      for (int i = 0; i < w.length; i++) {
        if (m[i] == 1) {
          smallestKept = Math.min(smallestKept, Math.abs(w[i]));
        } else {
          largestPruned = Math.max(largestPruned, Math.abs(w[i]));
        }
      }
    }
    assertThat(smallestKept).isGreaterThan(largestPruned);
    assertThat(masks.get(b.ref()).sumNumber().doubleValue())
        .as("the small-scale layer loses most")
        .isLessThan(30);
  }

  @Test
  void strategiesOnlyRemoveWeightsAndHonourEarlierMasks() {
    PrunableTensor a = tensor("a", 3, 20, 20, 0.6);
    for (PruningStrategy s :
        List.<PruningStrategy>of(
            new MagnitudePruning(Scope.GLOBAL),
            new MagnitudePruning(Scope.LAYER),
            new RandomPruning(new RandomSettings(Scope.GLOBAL)))) {
      PruningContext ctx = context(0.7, 2, a);
      Map<ParameterRef, INDArray> masks = checked(s, ctx);
      assertThat(count(masks)).isEqualTo(Math.round(400 * 0.49));
    }
  }

  @Test
  void layerMagnitudePrunesEveryLayerToTheSameDensity() {
    PrunableTensor a = tensor("big", 4, 25, 20, 1.0);
    PrunableTensor b = tensor("small", 5, 7, 9, 1.0);
    PruningContext ctx = context(0.5, 1, a, b);
    Map<ParameterRef, INDArray> masks = checked(new MagnitudePruning(Scope.LAYER), ctx);
    assertThat(masks.get(a.ref()).sumNumber().longValue()).isEqualTo(250);
    assertThat(masks.get(b.ref()).sumNumber().longValue()).isEqualTo(Math.round(63 * 0.5));
    assertThat(new MagnitudePruning(Scope.LAYER).plannedRemaining(new long[] {500, 63}, 0.5, 1))
        .isEqualTo(250 + 32);
    assertThat(new MagnitudePruning(Scope.GLOBAL).plannedRemaining(new long[] {500, 63}, 0.5, 1))
        .isEqualTo(282);
  }

  @Test
  void randomPruningIsReproducibleForASeedAndUnbiased() {
    PrunableTensor a = tensor("a", 6, 100, 100, 1.0);
    Map<ParameterRef, INDArray> first =
        checked(new RandomPruning(new RandomSettings(Scope.GLOBAL)), context(0.5, 1, a));
    Map<ParameterRef, INDArray> again =
        checked(new RandomPruning(new RandomSettings(Scope.GLOBAL)), context(0.5, 1, a));
    assertThat(first.get(a.ref())).isEqualTo(again.get(a.ref()));
    // kept weights are not the large ones: their mean |w| matches the population's
    INDArray kept = a.weights().mul(first.get(a.ref()));
    double meanKept = kept.norm1Number().doubleValue() / 5000;
    double meanAll = a.weights().norm1Number().doubleValue() / 10000;
    assertThat(meanKept / meanAll).isBetween(0.95, 1.05);
  }

  @Test
  void tiesAreBrokenDeterministicallyToKeepTheExactCount() {
    PrunableTensor same =
        new PrunableTensor(new ParameterRef("t", "W"), Nd4j.ones(1, 10), Nd4j.ones(1, 10));
    Map<ParameterRef, INDArray> masks =
        checked(new MagnitudePruning(Scope.GLOBAL), context(0.3, 1, same));
    assertThat(masks.get(same.ref()).toFloatVector()).containsExactly(1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void tiesAcrossTensorsGoToTheEarlierTensorThenTheEarlierIndex() {
    PrunableTensor first =
        new PrunableTensor(
            new ParameterRef("a", "W"),
            Nd4j.create(new float[] {-2, 1, -1, 3}, new long[] {1, 4}, 'c'),
            Nd4j.ones(1, 4));
    PrunableTensor second =
        new PrunableTensor(
            new ParameterRef("b", "W"),
            Nd4j.create(new float[] {1, -2, 2, -1}, new long[] {1, 4}, 'c'),
            Nd4j.ones(1, 4));
    // keep 5 of 8: |3| and the three |2| for sure, then the first of the four |1|: a's index 1
    Map<ParameterRef, INDArray> masks =
        checked(new MagnitudePruning(Scope.GLOBAL), context(0.625, 1, first, second));
    assertThat(masks.get(first.ref()).toFloatVector()).containsExactly(1, 1, 0, 1);
    assertThat(masks.get(second.ref()).toFloatVector()).containsExactly(0, 1, 1, 0);
  }
}

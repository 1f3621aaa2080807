package org.fraction.examples.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fraction.engine.train.MaskContract;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LayerBalancedMagnitudeTest {

  static PrunableTensor tensor(String layer, float... w) {
    return new PrunableTensor(new ParameterRef(layer, "W"), Nd4j.create(w, new long[] {1, w.length}, 'c'),
        Nd4j.ones(1, w.length));
  }

  @Test
  void scalesEachLayerByItsRmsAndKeepsTheFloor() {
    // layer a has weights 100x larger than b: plain global magnitude would remove all of b
    PrunableTensor a = tensor("a", 100, 200, 300, 400, 500, 600, 700, 800);
    PrunableTensor b = tensor("b", 1, 2, 3, 4, 5, 6, 7, 8);
    PruningContext ctx = new PruningContext(List.of(a, b), List.of(), 0.5, 1, new SplittableRandom(1));
    Map<ParameterRef, INDArray> masks = new LayerBalancedMagnitude(new LayerBalancedSettings(0.0)).prune(ctx);
    assertThat(masks.get(a.ref()).toFloatVector()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
    assertThat(masks.get(b.ref()).toFloatVector()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
  }

  @Test
  void floorKeepsTheLargestWeightsOfASmallLayer() {
    PrunableTensor big = tensor("big", 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9);
    PrunableTensor small = tensor("small", 0.1f, 0.4f, 0.2f, 0.3f);
    PruningContext ctx = new PruningContext(List.of(big, small), List.of(), 0.25, 1, new SplittableRandom(1));
    Map<ParameterRef, INDArray> masks = new LayerBalancedMagnitude(new LayerBalancedSettings(0.1)).prune(ctx);
    // floors: 2 of big, 1 of small (0.4); then the best two remaining balanced scores: small's 0.3, one of big
    assertThat(masks.get(small.ref()).toFloatVector()).containsExactly(0, 1, 0, 1);
    assertThat(masks.get(big.ref()).sumNumber().longValue()).isEqualTo(3);
    assertThat(ctx.target()).isEqualTo(5);
  }

  @Test
  void whenTheFloorsAskForMoreThanTheTargetTheyAreThePlannedCount() {
    PrunableTensor big = tensor("big", 9, 8, 7, 6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2);
    PrunableTensor small = tensor("small", 0.1f, 0.4f, 0.2f, 0.3f);
    PruningContext ctx = new PruningContext(List.of(big, small), List.of(), 0.25, 1, new SplittableRandom(1));
    LayerBalancedMagnitude strategy = new LayerBalancedMagnitude(new LayerBalancedSettings(0.5));
    // target round(20 * 0.25) = 5; floors ceil(0.5 * 16) + ceil(0.5 * 4) = 10
    assertThat(strategy.plannedRemaining(new long[] {16, 4}, 0.25, 1)).isEqualTo(10);
    Map<ParameterRef, INDArray> masks = new MaskContract(strategy, "layer-balanced-magnitude", "layer-balanced")
        .check(ctx, strategy.prune(ctx));
    assertThat(masks.get(big.ref()).sumNumber().longValue()).isEqualTo(8);
    assertThat(masks.get(small.ref()).toFloatVector()).containsExactly(0, 1, 0, 1);
  }
}

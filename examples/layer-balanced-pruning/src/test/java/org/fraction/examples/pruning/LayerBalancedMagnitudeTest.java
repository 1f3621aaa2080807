package org.fraction.examples.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.testkit.PruningContexts;
import org.fraction.testkit.PruningContract;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class LayerBalancedMagnitudeTest {

  static final ParameterRef A = new ParameterRef("a", "W");
  static final ParameterRef B = new ParameterRef("b", "W");
  static final ParameterRef BIG = new ParameterRef("big", "W");
  static final ParameterRef SMALL = new ParameterRef("small", "W");

  @Test
  void scalesEachLayerByItsRmsAndKeepsTheFloor() {
    // layer a has weights 100x larger than b: plain global magnitude would remove all of b
    PruningContext ctx =
        PruningContexts.builder()
            .tensor("a", "W", 100, 200, 300, 400, 500, 600, 700, 800)
            .tensor("b", "W", 1, 2, 3, 4, 5, 6, 7, 8)
            .keep(0.5)
            .build();
    Map<ParameterRef, INDArray> masks =
        PruningContract.check(new LayerBalancedMagnitude(new LayerBalancedSettings(0.0)), ctx);
    assertThat(masks.get(A).toFloatVector()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
    assertThat(masks.get(B).toFloatVector()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
  }

  @Test
  void floorKeepsTheLargestWeightsOfASmallLayer() {
    PruningContext ctx =
        PruningContexts.builder()
            .tensor("big", "W", 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9)
            .tensor("small", "W", 0.1f, 0.4f, 0.2f, 0.3f)
            .keep(0.25)
            .build();
    Map<ParameterRef, INDArray> masks =
        PruningContract.check(new LayerBalancedMagnitude(new LayerBalancedSettings(0.1)), ctx);
    // floors: 2 of big, 1 of small (0.4); then the best two remaining balanced scores: small's 0.3,
    // one of big
    assertThat(masks.get(SMALL).toFloatVector()).containsExactly(0, 1, 0, 1);
    assertThat(masks.get(BIG).sumNumber().longValue()).isEqualTo(3);
    assertThat(ctx.target()).isEqualTo(5);
  }

  @Test
  void whenTheFloorsAskForMoreThanTheTargetTheyAreThePlannedCount() {
    PruningContext ctx =
        PruningContexts.builder()
            .tensor("big", "W", 9, 8, 7, 6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
            .tensor("small", "W", 0.1f, 0.4f, 0.2f, 0.3f)
            .keep(0.25)
            .build();
    LayerBalancedMagnitude strategy = new LayerBalancedMagnitude(new LayerBalancedSettings(0.5));
    // target round(20 * 0.25) = 5; floors ceil(0.5 * 16) + ceil(0.5 * 4) = 10
    assertThat(strategy.plannedRemaining(new long[] {16, 4}, 0.25, 1)).isEqualTo(10);
    Map<ParameterRef, INDArray> masks = PruningContract.check(strategy, ctx);
    assertThat(masks.get(BIG).sumNumber().longValue()).isEqualTo(8);
    assertThat(masks.get(SMALL).toFloatVector()).containsExactly(0, 1, 0, 1);
  }

  @Test
  void keepsItsPlannedCountRoundAfterRound() {
    PruningContext first =
        PruningContexts.builder()
            .randomTensor("a", "W", 20, 10)
            .randomTensor("b", "W", 30)
            .keep(0.6)
            .build();
    LayerBalancedMagnitude strategy = new LayerBalancedMagnitude(new LayerBalancedSettings(0.05));
    Map<ParameterRef, INDArray> last = PruningContract.checkRounds(strategy, first, 6);
    // round(230 * 0.6^6) = 11 < floors 10 + 2 = 12: the floors are the count
    assertThat(last.get(A).sumNumber().longValue() + last.get(B).sumNumber().longValue())
        .isEqualTo(12);
    assertThat(last.get(B).sumNumber().longValue()).isGreaterThanOrEqualTo(2);
  }
}

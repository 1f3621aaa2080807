package org.fraction.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.fraction.spi.pruning.select.PlannedCounts;
import org.fraction.spi.pruning.select.QuaternionUnits;
import org.fraction.spi.pruning.select.TensorArrays;
import org.fraction.spi.pruning.select.TopK;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class PruningContractTest {

  /** Global magnitude from the SPI helpers: the count the default plannedRemaining states. */
  static final PruningStrategy GLOBAL_MAGNITUDE =
      context -> {
        float[][] scores = TensorArrays.weights(context);
        for (float[] s : scores) {
          for (int i = 0; i < s.length; i++) {
            s[i] = Math.abs(s[i]);
          }
        }
        return TensorArrays.toMasks(
            context, TopK.keep(scores, TensorArrays.masks(context), context.target()));
      };

  /** Quaternions kept whole per layer by squared norm, real tensors per tensor by w². */
  static final PruningStrategy QUATERNION_LAYERWISE =
      new PruningStrategy() {
        @Override
        public Map<ParameterRef, INDArray> prune(PruningContext context) {
          float[][] scores = TensorArrays.weights(context);
          for (float[] s : scores) {
            for (int i = 0; i < s.length; i++) {
              s[i] = s[i] * s[i];
            }
          }
          return TensorArrays.toMasks(
              context,
              QuaternionUnits.keepPerLayer(
                  context, scores, TensorArrays.masks(context), QuaternionUnits.SUM));
        }

        @Override
        public long plannedRemaining(
            long[] sizes, int[][] quaternionGroups, double keep, int round) {
          return PlannedCounts.perQuaternionLayer(sizes, quaternionGroups, keep, round);
        }
      };

  @Test
  void aGlobalStrategyFromTheHelpersKeepsItsCountOverRounds() {
    PruningContext first =
        PruningContexts.builder()
            .randomTensor("a", "W", 5, 7)
            .randomTensor("b", "W", 13)
            .keep(0.7)
            .build();
    Map<ParameterRef, INDArray> last = PruningContract.checkRounds(GLOBAL_MAGNITUDE, first, 4);
    long kept = last.values().stream().mapToLong(m -> m.sumNumber().longValue()).sum();
    assertThat(kept).isEqualTo(Math.round(48 * Math.pow(0.7, 4)));
  }

  @Test
  void quaternionsAreKeptWholeAndByTheirNorm() {
    PruningContext context =
        PruningContexts.builder()
            .randomQuaternion("q", 2, 5)
            .randomTensor("fc", "W", 6)
            .keep(0.6)
            .build();
    Map<ParameterRef, INDArray> masks = PruningContract.check(QUATERNION_LAYERWISE, context);
    float[][] w = TensorArrays.weights(context);
    float[][] m = masks.values().stream().map(TensorArrays::values).toArray(float[][]::new);
    // independent: rank the 10 quaternions by squared norm, keep round(10 * 0.6) = 6
    Integer[] order = new Integer[10];
    for (int n = 0; n < 10; n++) {
      order[n] = n;
    }
    Arrays.sort(order, (x, y) -> Double.compare(norm2(w, y), norm2(w, x)));
    for (int rank = 0; rank < 10; rank++) {
      float expected = rank < 6 ? 1f : 0f;
      for (int c = 0; c < 4; c++) {
        assertThat(m[c][order[rank]])
            .as("component %d of quaternion %d", c, order[rank])
            .isEqualTo(expected);
      }
    }
    assertThat(m[4]).containsOnly(0f, 1f);
    assertThat(masks.get(new ParameterRef("fc", "W")).sumNumber().longValue()).isEqualTo(4);
  }

  private static double norm2(float[][] w, int n) {
    double s = 0;
    for (int c = 0; c < 4; c++) {
      s += (double) w[c][n] * w[c][n];
    }
    return s;
  }

  @Test
  void reportsARevivedWeightAndAWrongCountWithTheEnginesMessage() {
    PruningContext context =
        PruningContexts.builder().tensor("a", "W", 1, 2, 3, 4).mask("a", "W", 1, 1, 1, 0).build();
    PruningStrategy revives = c -> TensorArrays.toMasks(c, new float[][] {{0, 0, 1, 1}});
    assertThatThrownBy(() -> PruningContract.check(revives, context))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("round 1: a/W revives 1 pruned weight, the first at index 3");
    PruningStrategy keepsAll = c -> TensorArrays.toMasks(c, TensorArrays.masks(c));
    assertThatThrownBy(() -> PruningContract.check(keepsAll, context))
        .hasMessageContaining("keeps 3 weights (a/W 3) where the round plans 2: 1 too many");
  }
}

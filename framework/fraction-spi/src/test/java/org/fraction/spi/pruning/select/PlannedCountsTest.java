package org.fraction.spi.pruning.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.fraction.spi.pruning.PruningContext;
import org.junit.jupiter.api.Test;

class PlannedCountsTest {

  @Test
  void roundsAsTheContextsTargetDoes() {
    for (int round = 1; round <= 6; round++) {
      PruningContext context =
          new PruningContext(List.of(), List.of(), 0.8, round, new SplittableRandom(1));
      for (long size : new long[] {1, 7, 300, 78_400, 1_000_003}) {
        assertThat(PlannedCounts.of(size, 0.8, round)).isEqualTo(context.target(size));
      }
    }
  }

  @Test
  void globalRoundsTheSumAndPerTensorRoundsEachTensor() {
    long[] sizes = {3, 3, 3};
    // 9 * 0.5 = 4.5 -> 5; 3 * 0.5 = 1.5 -> 2 for each tensor
    assertThat(PlannedCounts.global(sizes, 0.5, 1)).isEqualTo(5);
    assertThat(PlannedCounts.perTensor(sizes, 0.5, 1)).isEqualTo(6);
  }

  @Test
  void aQuaternionGroupIsRoundedInQuaternions() {
    // four components of 5 quaternions and one real tensor of 10: round(5 * 0.3) = 2 quaternions,
    // round(10 * 0.3) = 3
    long[] sizes = {5, 5, 5, 5, 10};
    assertThat(PlannedCounts.perQuaternionLayer(sizes, new int[][] {{0, 1, 2, 3}}, 0.3, 1))
        .isEqualTo(2 * 4 + 3);
  }
}

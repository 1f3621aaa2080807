package org.fraction.spi.pruning.select;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuaternionUnitsTest {

  @Test
  void scoresAQuaternionFromItsFourComponents() {
    float[][] scores = {{1, 2}, {10, 20}, {100, 200}, {1000, 2000}, {-1, -1}};
    assertThat(QuaternionUnits.scores(scores, new int[] {0, 1, 2, 3}, QuaternionUnits.SUM))
        .containsExactly(1111, 2222);
    assertThat(
            QuaternionUnits.scores(
                scores,
                new int[] {0, 1, 2, 3},
                (r, i, j, k) -> Math.max(Math.max(r, i), Math.max(j, k))))
        .containsExactly(1000, 2000);
  }

  @Test
  void aQuaternionLivesOnlyWhileAllFourComponentsLiveAndItsMaskGoesToAllFour() {
    float[][] masks = {{1, 1, 0}, {1, 0, 0}, {1, 1, 0}, {1, 1, 0}};
    float[] units = QuaternionUnits.mask(masks, new int[] {0, 1, 2, 3});
    assertThat(units).containsExactly(1, 0, 0);
    float[][] out = new float[4][];
    QuaternionUnits.apply(units, new int[] {0, 1, 2, 3}, out);
    assertThat(out).isDeepEqualTo(new float[][] {{1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {1, 0, 0}});
  }
}

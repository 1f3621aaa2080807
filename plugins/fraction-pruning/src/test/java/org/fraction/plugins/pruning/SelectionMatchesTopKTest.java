package org.fraction.plugins.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.model.QuaternionGroup;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.select.QuaternionUnits;
import org.fraction.spi.pruning.select.TensorArrays;
import org.fraction.spi.pruning.select.TopK;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The plugin's own selection and array helpers against the SPI's public ones, on scores with many
 * equal values, so that moving the strategies onto the SPI changes no mask.
 */
class SelectionMatchesTopKTest {

  static float[][] levels(SplittableRandom random, int[] lengths, int levels) {
    float[][] out = new float[lengths.length][];
    for (int t = 0; t < lengths.length; t++) {
      out[t] = new float[lengths[t]];
      for (int i = 0; i < lengths[t]; i++) {
        out[t][i] = random.nextInt(levels);
      }
    }
    return out;
  }

  static long alive(float[][] masks) {
    long n = 0;
    for (float[] m : masks) {
      for (float v : m) {
        n += v != 0f ? 1 : 0;
      }
    }
    return n;
  }

  static int[] lengths(SplittableRandom random) {
    return new int[] {1 + random.nextInt(60), 1 + random.nextInt(60), 1 + random.nextInt(60)};
  }

  @Test
  void globalSelectionKeepsTheSameEntriesOnTiedScores() {
    SplittableRandom random = new SplittableRandom(18);
    for (int trial = 0; trial < 500; trial++) {
      int[] lengths = lengths(random);
      float[][] scores = levels(random, lengths, 1 + trial % 4);
      float[][] masks = levels(random, lengths, 2);
      long count = random.nextLong(alive(masks) + 3) - 1;
      assertThat(TopK.keep(scores, masks, count))
          .isDeepEqualTo(Selection.keepTop(scores, masks, count));
    }
  }

  @Test
  void perTensorSelectionKeepsTheSameEntriesOnTiedScores() {
    SplittableRandom random = new SplittableRandom(19);
    for (int trial = 0; trial < 500; trial++) {
      int length = 1 + random.nextInt(80);
      float[] scores = levels(random, new int[] {length}, 1 + trial % 3)[0];
      float[] mask = levels(random, new int[] {length}, 2)[0];
      long count = random.nextLong(length + 2);
      assertThat(TopK.keep(scores, mask, count))
          .containsExactly(
              Selection.keepTop(new float[][] {scores}, new float[][] {mask}, count)[0]);
    }
  }

  @Test
  void quaternionUnitsKeepTheSameQuaternionsOnTiedNorms() {
    SplittableRandom random = new SplittableRandom(20);
    for (int trial = 0; trial < 300; trial++) {
      int quaternions = 1 + random.nextInt(50);
      float[][] squares = new float[4][quaternions];
      float[][] masks = new float[4][quaternions];
      for (int n = 0; n < quaternions; n++) {
        float alive = random.nextInt(4) == 0 ? 0f : 1f;
        for (int c = 0; c < 4; c++) {
          float w = random.nextInt(3) - 1;
          squares[c][n] = w * w;
          masks[c][n] = alive;
        }
      }
      int[] group = {0, 1, 2, 3};
      float[] unitScores = QuaternionUnits.scores(squares, group, QuaternionUnits.SUM);
      float[] unitMask = QuaternionUnits.mask(masks, group);
      long count = random.nextLong(quaternions + 2);
      assertThat(TopK.keep(unitScores, unitMask, count))
          .containsExactly(
              Selection.keepTop(new float[][] {unitScores}, new float[][] {unitMask}, count)[0]);
    }
  }

  @Test
  void arraysAndMasksConvertTheSameWay() {
    INDArray fOrder = Nd4j.create(new float[] {1, -2, 3, -4, 5, -6}, new long[] {2, 3}, 'f');
    INDArray doubles = Nd4j.create(new double[] {0.5, -1.5, 2.5, 0}, new long[] {2, 2});
    for (INDArray a : List.of(fOrder, doubles, fOrder.transpose())) {
      assertThat(TensorArrays.values(a)).containsExactly(Tensors.values(a));
    }

    ParameterRef first = new ParameterRef("fc", "W");
    ParameterRef second = new ParameterRef("q", "r");
    List<PrunableTensor> tensors =
        List.of(
            new PrunableTensor(first, fOrder, Nd4j.ones(DataType.FLOAT, 2, 3)),
            new PrunableTensor(second, doubles, Nd4j.ones(DataType.FLOAT, 2, 2)));
    PruningContext context =
        new PruningContext(tensors, List.<QuaternionGroup>of(), 0.5, 1, new SplittableRandom(1));
    float[][] chosen = {{1, 0, 1, 0, 0, 1}, {0, 1, 1, 0}};
    assertThat(TensorArrays.toMasks(context, chosen))
        .containsExactlyEntriesOf(Tensors.masks(tensors, chosen));
  }
}

package org.fraction.spi.pruning.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TopKTest {

  /**
   * An independent reference: sort every candidate by score (descending), then tensor, then index.
   */
  static float[][] sortedReference(float[][] scores, float[][] masks, long count) {
    record Entry(int t, int i, float score) {}
    List<Entry> entries = new ArrayList<>();
    for (int t = 0; t < scores.length; t++) {
      for (int i = 0; i < scores[t].length; i++) {
        if (masks[t][i] != 0) {
          entries.add(new Entry(t, i, scores[t][i]));
        }
      }
    }
    entries.sort(
        Comparator.comparingDouble((Entry e) -> -e.score())
            .thenComparingInt(Entry::t)
            .thenComparingInt(Entry::i));
    float[][] out = TopK.emptyLike(masks);
    entries.stream().limit(Math.max(count, 0)).forEach(e -> out[e.t()][e.i()] = 1f);
    return out;
  }

  static float[][] random(SplittableRandom random, int[] lengths, int levels) {
    float[][] out = new float[lengths.length][];
    for (int t = 0; t < lengths.length; t++) {
      out[t] = new float[lengths[t]];
      for (int i = 0; i < lengths[t]; i++) {
        out[t][i] = levels == 0 ? (float) random.nextGaussian() : random.nextInt(levels);
      }
    }
    return out;
  }

  static long ones(float[][] masks) {
    long n = 0;
    for (float[] m : masks) {
      for (float v : m) {
        n += v == 1f ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void matchesASortedReferenceOnRandomScoresWithAndWithoutTies() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      int[] lengths = {1 + random.nextInt(40), 1 + random.nextInt(40), 1 + random.nextInt(40)};
      float[][] scores = random(random, lengths, trial % 2 == 0 ? 0 : 3);
      float[][] masks = random(random, lengths, 2);
      long alive = ones(masks);
      long count = random.nextLong(alive + 3) - 1;
      float[][] kept = TopK.keep(scores, masks, count);
      assertThat(kept).isDeepEqualTo(sortedReference(scores, masks, count));
      assertThat(ones(kept)).isEqualTo(Math.min(Math.max(count, 0), alive));
    }
  }

  @Test
  void tiesGoToTheEarlierTensorThenTheEarlierIndex() {
    float[][] scores = {{1, 2, 2}, {2, 2, 3}};
    float[][] masks = {{1, 1, 1}, {1, 1, 1}};
    assertThat(TopK.keep(scores, masks, 3)).isDeepEqualTo(new float[][] {{0, 1, 1}, {0, 0, 1}});
    assertThat(TopK.keep(scores, masks, 4)).isDeepEqualTo(new float[][] {{0, 1, 1}, {1, 0, 1}});
  }

  @Test
  void neverKeepsAPrunedEntryWhateverItsScore() {
    float[] kept = TopK.keep(new float[] {9, 1, 8, 2}, new float[] {0, 1, 0, 1}, 3);
    assertThat(kept).containsExactly(0, 1, 0, 1);
  }

  @Test
  void markAddsTheBestOfWhatIsNotKeptYet() {
    float[][] scores = {{5, 4, 3}, {0.5f, 0.4f, 0.3f}};
    float[][] masks = {{1, 1, 1}, {1, 1, 1}};
    float[][] kept = TopK.emptyLike(masks);
    assertThat(
            TopK.mark(
                new float[][] {scores[1]}, new float[][] {masks[1]}, new float[][] {kept[1]}, 1))
        .isEqualTo(1);
    assertThat(TopK.mark(scores, masks, kept, 2)).isEqualTo(2);
    assertThat(kept).isDeepEqualTo(new float[][] {{1, 1, 0}, {1, 0, 0}});
  }

  @Test
  void refusesNanScoresAndMismatchedLayouts() {
    assertThatThrownBy(() -> TopK.keep(new float[] {1, Float.NaN}, new float[] {1, 1}, 1))
        .hasMessage("score of tensor 0 at index 1 is NaN");
    assertThatThrownBy(() -> TopK.keep(new float[] {1, 2}, new float[] {1}, 1))
        .hasMessage("tensor 0: scores, mask and kept differ in length");
  }
}

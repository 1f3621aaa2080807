package org.fraction.spi.pruning.select;

import java.util.Arrays;

/**
 * Keeps the highest-scoring candidates of one tensor or of several tensors ranked jointly. Scores
 * and masks are plain c-order arrays, one per tensor (see {@link TensorArrays}); a candidate is an
 * entry whose mask value is not 0. Exactly {@code min(count, candidates)} entries are kept: ties at
 * the threshold go to the earlier tensor, then the earlier index, so the choice is deterministic.
 */
public final class TopK {

  private TopK() {}

  /** New 0/1 masks keeping the {@code count} best candidates of all tensors together. */
  public static float[][] keep(float[][] scores, float[][] masks, long count) {
    float[][] kept = emptyLike(masks);
    mark(scores, masks, kept, count);
    return kept;
  }

  /** A new 0/1 mask keeping the {@code count} best candidates of one tensor. */
  public static float[] keep(float[] scores, float[] mask, long count) {
    return keep(new float[][] {scores}, new float[][] {mask}, count)[0];
  }

  /** As {@link #mark(float[][], float[][], float[][], long)}, within one tensor. */
  public static long mark(float[] scores, float[] mask, float[] kept, long count) {
    return mark(new float[][] {scores}, new float[][] {mask}, new float[][] {kept}, count);
  }

  /**
   * Sets to 1 in {@code kept} the {@code count} best candidates not kept yet (where {@code kept} is
   * 0), across all tensors; for a strategy that keeps in steps, e.g. a floor per tensor first and
   * then the best of the rest. Returns how many it set.
   */
  public static long mark(float[][] scores, float[][] masks, float[][] kept, long count) {
    checkLayout(scores, masks, kept);
    int candidates = 0;
    for (int t = 0; t < masks.length; t++) {
      for (int i = 0; i < masks[t].length; i++) {
        if (open(masks, kept, t, i)) {
          if (Float.isNaN(scores[t][i])) {
            throw new IllegalArgumentException(
                "score of tensor " + t + " at index " + i + " is NaN");
          }
          candidates++;
        }
      }
    }
    long take = Math.min(Math.max(count, 0), candidates);
    if (take == 0) {
      return 0;
    }
    float[] sorted = new float[candidates];
    int n = 0;
    for (int t = 0; t < masks.length; t++) {
      for (int i = 0; i < masks[t].length; i++) {
        if (open(masks, kept, t, i)) {
          sorted[n++] = scores[t][i];
        }
      }
    }
    Arrays.sort(sorted);
    float threshold = sorted[(int) (candidates - take)];
    long above = 0;
    for (float s : sorted) {
      if (s > threshold) {
        above++;
      }
    }
    long ties = take - above;
    for (int t = 0; t < masks.length; t++) {
      for (int i = 0; i < masks[t].length; i++) {
        if (!open(masks, kept, t, i)) {
          continue;
        }
        float s = scores[t][i];
        if (s > threshold || (s == threshold && ties-- > 0)) {
          kept[t][i] = 1f;
        }
      }
    }
    return take;
  }

  /** Zero arrays of the same lengths as {@code like}. */
  public static float[][] emptyLike(float[][] like) {
    float[][] out = new float[like.length][];
    for (int t = 0; t < like.length; t++) {
      out[t] = new float[like[t].length];
    }
    return out;
  }

  private static boolean open(float[][] masks, float[][] kept, int t, int i) {
    return masks[t][i] != 0f && kept[t][i] == 0f;
  }

  private static void checkLayout(float[][] scores, float[][] masks, float[][] kept) {
    if (scores.length != masks.length || kept.length != masks.length) {
      throw new IllegalArgumentException(
          "scores, masks and kept must hold the same number of tensors");
    }
    for (int t = 0; t < masks.length; t++) {
      if (scores[t].length != masks[t].length || kept[t].length != masks[t].length) {
        throw new IllegalArgumentException(
            "tensor " + t + ": scores, mask and kept differ in length");
      }
    }
  }
}

package org.fraction.plugins.pruning;

import java.util.Arrays;

/**
 * Keeps exactly the {@code target} highest-scoring surviving entries of a group of tensors. Ties at
 * the threshold are broken by position (earlier tensors and indices first), so the result is
 * deterministic and the count exact.
 */
final class Selection {

  private Selection() {}

  /**
   * @param scores per tensor, a score per entry (c order)
   * @param masks per tensor, the current 0/1 mask (c order)
   * @param target how many surviving entries to keep in total
   * @return the new masks, same layout
   */
  static float[][] keepTop(float[][] scores, float[][] masks, long target) {
    int alive = 0;
    for (float[] m : masks) {
      for (float v : m) {
        if (v != 0f) {
          alive++;
        }
      }
    }
    float[][] out = new float[masks.length][];
    for (int t = 0; t < masks.length; t++) {
      out[t] = new float[masks[t].length];
    }
    if (target >= alive) {
      for (int t = 0; t < masks.length; t++) {
        out[t] = masks[t].clone();
      }
      return out;
    }
    if (target <= 0) {
      return out;
    }
    float[] sorted = new float[alive];
    int n = 0;
    for (int t = 0; t < masks.length; t++) {
      for (int i = 0; i < masks[t].length; i++) {
        if (masks[t][i] != 0f) {
          sorted[n++] = scores[t][i];
        }
      }
    }
    Arrays.sort(sorted);
    float threshold = sorted[(int) (alive - target)];
    long above = 0;
    for (float s : sorted) {
      if (s > threshold) {
        above++;
      }
    }
    long ties = target - above;
    for (int t = 0; t < masks.length; t++) {
      for (int i = 0; i < masks[t].length; i++) {
        if (masks[t][i] == 0f) {
          continue;
        }
        float s = scores[t][i];
        if (s > threshold) {
          out[t][i] = 1f;
        } else if (s == threshold && ties > 0) {
          out[t][i] = 1f;
          ties--;
        }
      }
    }
    return out;
  }
}

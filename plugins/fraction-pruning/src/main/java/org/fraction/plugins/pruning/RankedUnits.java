package org.fraction.plugins.pruning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Units competing for one budget: each a quaternion (position i of four member tensors) or a single
 * weight (position i of one tensor), with its score and its count of surviving entries.
 */
final class RankedUnits {

  /** How a unit's score is made from its surviving entries' values. */
  enum Score {
    /** root mean square of the entries: |q| / 2 for a quaternion, |w| for a single weight */
    RMS,
    /** sum of the entries (of scores computed elsewhere, e.g. SNIP's, which may be negative) */
    SUM
  }

  private final Score score;
  private final List<int[]> members = new ArrayList<>();
  private final List<float[][]> memberMasks = new ArrayList<>();
  private long[] order = new long[0]; // (score bits << 32) | unit id, sorted ascending
  private int[] unitSource = new int[0]; // which member set
  private int[] unitPosition = new int[0];
  private int[] unitWeight = new int[0];
  private int count;

  RankedUnits(Score score) {
    this.score = score;
  }

  void addGroup(int[] group, float[][] values, float[][] masks) {
    add(group, values, masks);
  }

  void addSingle(int tensor, float[][] values, float[][] masks) {
    add(new int[] {tensor}, values, masks);
  }

  private void add(int[] tensors, float[][] values, float[][] masks) {
    int source = members.size();
    members.add(tensors);
    float[][] v = new float[tensors.length][];
    float[][] m = new float[tensors.length][];
    for (int c = 0; c < tensors.length; c++) {
      v[c] = values[tensors[c]];
      m[c] = masks[tensors[c]];
    }
    memberMasks.add(m);
    int n = v[0].length;
    grow(count + n);
    for (int i = 0; i < n; i++) {
      int alive = 0;
      double square = 0;
      double sum = 0;
      for (int c = 0; c < tensors.length; c++) {
        if (m[c][i] != 0f) {
          alive++;
          square += (double) v[c][i] * v[c][i];
          sum += v[c][i];
        }
      }
      if (alive == 0) {
        continue;
      }
      float unitScore = (float) (score == Score.RMS ? Math.sqrt(square / tensors.length) : sum);
      unitSource[count] = source;
      unitPosition[count] = i;
      unitWeight[count] = alive;
      order[count] = ((long) sortable(unitScore) << 32) | (0x7fffffffL - count);
      count++;
    }
  }

  /** The float's bits as an int that orders like the float (negative scores included). */
  private static int sortable(float score) {
    int bits = Float.floatToIntBits(score);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }

  private void grow(int capacity) {
    if (capacity > order.length) {
      int c = Math.max(capacity, order.length * 2);
      order = Arrays.copyOf(order, c);
      unitSource = Arrays.copyOf(unitSource, c);
      unitPosition = Arrays.copyOf(unitPosition, c);
      unitWeight = Arrays.copyOf(unitWeight, c);
    }
  }

  /** Unit ids from the best to the worst (ties: the earlier unit first). */
  private int[] ranking() {
    long[] sorted = Arrays.copyOf(order, count);
    Arrays.sort(sorted);
    int[] ids = new int[count];
    for (int r = 0; r < count; r++) {
      ids[r] = (int) (0x7fffffffL - (sorted[count - 1 - r] & 0xffffffffL));
    }
    return ids;
  }

  /** Keeps the best {@code target} units. */
  void keepUnits(long target, float[][] out) {
    int[] ranked = ranking();
    for (int r = 0; r < ranked.length && r < target; r++) {
      keep(ranked[r], out);
    }
  }

  /** Keeps the best units worth {@code target} surviving weights in all (see the class comment). */
  void keepWeights(long target, float[][] out) {
    int[] ranked = ranking();
    long left = target;
    List<Integer> keptSingles = new ArrayList<>();
    int bestSkipped = -1;
    for (int id : ranked) {
      if (left == 0) {
        break;
      }
      if (unitWeight[id] <= left) {
        keep(id, out);
        left -= unitWeight[id];
        if (members.get(unitSource[id]).length == 1) {
          keptSingles.add(id);
        }
      } else if (bestSkipped < 0) {
        bestSkipped = id;
      }
    }
    if (left > 0 && bestSkipped >= 0) {
      long drop = unitWeight[bestSkipped] - left;
      if (keptSingles.size() >= drop) {
        keep(bestSkipped, out);
        for (int k = 0; k < drop; k++) {
          unkeep(keptSingles.get(keptSingles.size() - 1 - k), out);
        }
      }
    }
  }

  private void keep(int id, float[][] out) {
    int[] tensors = members.get(unitSource[id]);
    float[][] m = memberMasks.get(unitSource[id]);
    int i = unitPosition[id];
    for (int c = 0; c < tensors.length; c++) {
      out[tensors[c]][i] = m[c][i];
    }
  }

  private void unkeep(int id, float[][] out) {
    int[] tensors = members.get(unitSource[id]);
    int i = unitPosition[id];
    for (int tensor : tensors) {
      out[tensor][i] = 0f;
    }
  }
}

package org.fraction.spi.pruning.select;

import java.util.HashSet;
import java.util.Set;

/**
 * The counts a strategy plans for a round, for {@link
 * org.fraction.spi.pruning.PruningStrategy#plannedRemaining}: each is the sum of {@code round(n *
 * keep^round)} over what the strategy rounds separately, the same rounding as {@link
 * org.fraction.spi.pruning.PruningContext#target(long)}.
 */
public final class PlannedCounts {

  private PlannedCounts() {}

  /** {@code round(size * keep^round)}: what remains of {@code size} units after the round. */
  public static long of(long size, double keep, int round) {
    return Math.round(size * Math.pow(keep, round));
  }

  /** A global strategy's count: all tensors rounded together. */
  public static long global(long[] sizes, double keep, int round) {
    long total = 0;
    for (long s : sizes) {
      total += s;
    }
    return of(total, keep, round);
  }

  /** A layer-wise strategy's count: each tensor rounded on its own. */
  public static long perTensor(long[] sizes, double keep, int round) {
    long total = 0;
    for (long s : sizes) {
      total += of(s, keep, round);
    }
    return total;
  }

  /**
   * A layer-wise strategy that keeps quaternions whole: each quaternion group's count is rounded in
   * quaternions (four weights each), every other tensor on its own.
   *
   * @param quaternionGroups per group, the indices into {@code sizes} of its r, i, j and k tensors
   */
  public static long perQuaternionLayer(
      long[] sizes, int[][] quaternionGroups, double keep, int round) {
    Set<Integer> grouped = new HashSet<>();
    long total = 0;
    for (int[] g : quaternionGroups) {
      total += 4 * of(sizes[g[0]], keep, round);
      for (int t : g) {
        grouped.add(t);
      }
    }
    for (int t = 0; t < sizes.length; t++) {
      if (!grouped.contains(t)) {
        total += of(sizes[t], keep, round);
      }
    }
    return total;
  }
}

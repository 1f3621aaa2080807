package org.fraction.spi.pruning;

import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Chooses which weights survive a round, registered under {@link org.fraction.spi.Kinds#PRUNING}. A
 * strategy only ever removes weights: a weight pruned in an earlier round stays pruned.
 */
public interface PruningStrategy {

  /**
   * Returns the new mask of every tensor in the context and of no other (same shapes, values 0 or
   * 1, a subset of the current mask), keeping in all {@link #plannedRemaining} weights for the
   * round, or what remains if that is less. The engine checks each promise and fails the trial on
   * the first one broken.
   */
  Map<ParameterRef, INDArray> prune(PruningContext context);

  /**
   * How many weights remain in total after the given round, for tensors of the given sizes; used to
   * plan densities before anything trains. The default is a global strategy's {@code round(sum *
   * keep^round)}; strategies that round per tensor or per group override it.
   */
  default long plannedRemaining(long[] sizes, double keep, int round) {
    long total = 0;
    for (long s : sizes) {
      total += s;
    }
    return Math.round(total * Math.pow(keep, round));
  }

  /**
   * As {@link #plannedRemaining(long[], double, int)}, for strategies whose rounding depends on
   * which tensors form quaternions (the engine calls this one).
   *
   * @param quaternionGroups for each quaternion weight, the indices into {@code sizes} of its r, i,
   *     j and k tensors
   */
  default long plannedRemaining(long[] sizes, int[][] quaternionGroups, double keep, int round) {
    return plannedRemaining(sizes, keep, round);
  }

  /**
   * How many weights fewer than {@link #plannedRemaining} a round may keep: 0 (the default) for a
   * strategy whose count is exact; a strategy that keeps whole groups may fall short when the
   * groups cannot fill the count.
   */
  default long allowedShortfall() {
    return 0;
  }
}

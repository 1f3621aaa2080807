package org.fraction.spi.pruning;

import java.util.List;
import java.util.SplittableRandom;
import org.fraction.spi.model.QuaternionGroup;

/**
 * Everything a strategy sees when it prunes one round.
 *
 * @param tensors the prunable tensors not excluded by the workflow, in the model's order
 * @param quaternionGroups quaternion weights among {@code tensors}, by component
 * @param keep the fraction of weights each round keeps, in (0, 1)
 * @param round the round the new masks are for (1 for the first pruning): after it, {@code
 *     keep^round} of the weights remain
 * @param random a generator seeded from the trial's seed and round, for random strategies
 * @param gradients gradients of the network at the weights being pruned, for scoring strategies
 */
public record PruningContext(
    List<PrunableTensor> tensors,
    List<QuaternionGroup> quaternionGroups,
    double keep,
    int round,
    SplittableRandom random,
    GradientOracle gradients) {

  public PruningContext {
    tensors = List.copyOf(tensors);
    quaternionGroups = List.copyOf(quaternionGroups);
    gradients = gradients == null ? GradientOracle.NONE : gradients;
  }

  /** A context without gradients, for strategies that need none. */
  public PruningContext(
      List<PrunableTensor> tensors,
      List<QuaternionGroup> quaternionGroups,
      double keep,
      int round,
      SplittableRandom random) {
    this(tensors, quaternionGroups, keep, round, random, GradientOracle.NONE);
  }

  public long remaining() {
    return tensors.stream().mapToLong(PrunableTensor::remaining).sum();
  }

  /**
   * How many of the tensors' weights a global strategy keeps: {@code round(size * keep^round)},
   * computed from the full size rather than round by round so that rounding never accumulates, and
   * never more than what remains.
   */
  public long target() {
    return Math.min(target(tensors.stream().mapToLong(PrunableTensor::size).sum()), remaining());
  }

  /**
   * How many weights of one tensor a layer-wise strategy keeps, never more than what remains of it.
   */
  public long target(PrunableTensor tensor) {
    return Math.min(target(tensor.size()), tensor.remaining());
  }

  /** {@code round(size * keep^round)} for a count of {@code size} weights. */
  public long target(long size) {
    return Math.round(size * Math.pow(keep, round));
  }
}

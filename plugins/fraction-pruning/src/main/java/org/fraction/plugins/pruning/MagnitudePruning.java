package org.fraction.plugins.pruning;

import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.fraction.spi.pruning.select.PlannedCounts;
import org.fraction.spi.pruning.select.TensorArrays;
import org.fraction.spi.pruning.select.TopK;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Magnitude pruning: the surviving weights with the smallest |w| are removed, globally or per
 * layer.
 */
final class MagnitudePruning implements PruningStrategy {

  private final Scope scope;

  MagnitudePruning(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Map<ParameterRef, INDArray> prune(PruningContext context) {
    float[][] scores = TensorArrays.weights(context);
    for (float[] s : scores) {
      for (int i = 0; i < s.length; i++) {
        s[i] = Math.abs(s[i]);
      }
    }
    return TensorArrays.toMasks(
        context, select(scope, context, scores, TensorArrays.masks(context)));
  }

  /** Shared by the scored strategies: one selection over all tensors, or one per tensor. */
  static float[][] select(Scope scope, PruningContext context, float[][] scores, float[][] masks) {
    if (scope == Scope.GLOBAL) {
      return TopK.keep(scores, masks, context.target());
    }
    float[][] out = new float[masks.length][];
    for (int t = 0; t < masks.length; t++) {
      out[t] = TopK.keep(scores[t], masks[t], context.target(context.tensors().get(t)));
    }
    return out;
  }

  @Override
  public long plannedRemaining(long[] sizes, double keep, int round) {
    return planned(scope, sizes, keep, round);
  }

  static long planned(Scope scope, long[] sizes, double keep, int round) {
    return scope == Scope.LAYER
        ? PlannedCounts.perTensor(sizes, keep, round)
        : PlannedCounts.global(sizes, keep, round);
  }
}

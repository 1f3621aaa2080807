package org.fraction.plugins.pruning;

import java.util.List;
import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
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
    List<PrunableTensor> tensors = context.tensors();
    float[][] scores = new float[tensors.size()][];
    float[][] masks = new float[tensors.size()][];
    for (int t = 0; t < tensors.size(); t++) {
      scores[t] = Tensors.absolute(tensors.get(t).weights());
      masks[t] = Tensors.values(tensors.get(t).mask());
    }
    return Tensors.masks(tensors, select(scope, context, scores, masks));
  }

  /** Shared by the scored strategies: one selection over all tensors, or one per tensor. */
  static float[][] select(Scope scope, PruningContext context, float[][] scores, float[][] masks) {
    if (scope == Scope.GLOBAL) {
      return Selection.keepTop(scores, masks, context.target());
    }
    float[][] out = new float[masks.length][];
    for (int t = 0; t < masks.length; t++) {
      out[t] =
          Selection.keepTop(
              new float[][] {scores[t]},
              new float[][] {masks[t]},
              context.target(context.tensors().get(t)))[0];
    }
    return out;
  }

  @Override
  public long plannedRemaining(long[] sizes, double keep, int round) {
    return planned(scope, sizes, keep, round);
  }

  static long planned(Scope scope, long[] sizes, double keep, int round) {
    double factor = Math.pow(keep, round);
    long total = 0;
    if (scope == Scope.LAYER) {
      for (long s : sizes) {
        total += Math.round(s * factor);
      }
      return total;
    }
    for (long s : sizes) {
      total += s;
    }
    return Math.round(total * factor);
  }
}

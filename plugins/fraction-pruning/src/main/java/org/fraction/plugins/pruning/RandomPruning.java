package org.fraction.plugins.pruning;

import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.fraction.spi.pruning.select.TensorArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Random pruning: surviving weights are removed at random (seeded by the trial and round). */
final class RandomPruning implements PruningStrategy {

  private final RandomSettings settings;

  RandomPruning(RandomSettings settings) {
    this.settings = settings;
  }

  @Override
  public Map<ParameterRef, INDArray> prune(PruningContext context) {
    float[][] masks = TensorArrays.masks(context);
    float[][] scores = new float[masks.length][];
    for (int t = 0; t < masks.length; t++) {
      scores[t] = new float[masks[t].length];
      for (int i = 0; i < scores[t].length; i++) {
        scores[t][i] = (float) context.random().nextDouble();
      }
    }
    return TensorArrays.toMasks(
        context, MagnitudePruning.select(settings.scope(), context, scores, masks));
  }

  @Override
  public long plannedRemaining(long[] sizes, double keep, int round) {
    return MagnitudePruning.planned(settings.scope(), sizes, keep, round);
  }
}

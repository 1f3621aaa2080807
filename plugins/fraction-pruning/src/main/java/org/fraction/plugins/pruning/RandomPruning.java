package org.fraction.plugins.pruning;

import java.util.List;
import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Random pruning: surviving weights are removed at random (seeded by the trial and round). */
final class RandomPruning implements PruningStrategy {

  private final RandomSettings settings;

  RandomPruning(RandomSettings settings) {
    this.settings = settings;
  }

  @Override
  public Map<ParameterRef, INDArray> prune(PruningContext context) {
    List<PrunableTensor> tensors = context.tensors();
    float[][] scores = new float[tensors.size()][];
    float[][] masks = new float[tensors.size()][];
    for (int t = 0; t < tensors.size(); t++) {
      masks[t] = Tensors.values(tensors.get(t).mask());
      scores[t] = new float[masks[t].length];
      for (int i = 0; i < scores[t].length; i++) {
        scores[t][i] = (float) context.random().nextDouble();
      }
    }
    return Tensors.masks(
        tensors, MagnitudePruning.select(settings.scope(), context, scores, masks));
  }

  @Override
  public long plannedRemaining(long[] sizes, double keep, int round) {
    return MagnitudePruning.planned(settings.scope(), sizes, keep, round);
  }
}

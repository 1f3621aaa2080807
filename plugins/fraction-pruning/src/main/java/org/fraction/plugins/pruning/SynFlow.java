package org.fraction.plugins.pruning;

import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.GradientOracle.LogitObjective;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.select.TensorArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SynFlow (Tanaka et al. 2020), data-free: with every parameter replaced by its absolute value and
 * an all-ones input, R is the sum of the logits and a weight's score is |θ ⊙ ∂R/∂θ|. Pruning runs
 * in {@code iterations} steps whose densities fall exponentially from the current one to the
 * round's, re-scoring the masked network at each step.
 */
final class SynFlow extends ScoredPruning {

  private final SynFlowSettings settings;

  SynFlow(SynFlowSettings settings) {
    super(settings.granularity(), settings.scope());
    this.settings = settings;
  }

  @Override
  public Map<ParameterRef, INDArray> prune(PruningContext context) {
    float[][] masks = TensorArrays.masks(context);
    long size = 0;
    for (float[] m : masks) {
      size += m.length;
    }
    double start = size == 0 ? 1 : (double) context.remaining() / size;
    double target = Math.pow(context.keep(), context.round());
    int n = settings.iterations();
    for (int step = 1; step <= n && start > target; step++) {
      double density = step == n ? target : start * Math.pow(target / start, (double) step / n);
      masks = keep(context, scores(context, masked(context.tensors(), masks)), masks, density);
    }
    return TensorArrays.toMasks(context, masks);
  }

  @Override
  double[][] scores(PruningContext context, Map<ParameterRef, INDArray> maskedWeights) {
    Map<ParameterRef, INDArray> g =
        context.gradients().objectiveGradients(maskedWeights, true, LogitObjective.SUM);
    return product(flat(context.tensors(), maskedWeights), flat(context.tensors(), g), true);
  }
}

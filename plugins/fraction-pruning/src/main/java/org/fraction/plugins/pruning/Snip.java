package org.fraction.plugins.pruning;

import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PruningContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SNIP (Lee et al. 2019): a weight's score is |θ ⊙ ∂L/∂θ|, the loss's sensitivity to removing it,
 * with the gradient of the mean loss over a few training images at the weights being pruned.
 */
final class Snip extends ScoredPruning {

  private final SnipSettings settings;

  Snip(SnipSettings settings) {
    super(settings.granularity());
    this.settings = settings;
  }

  @Override
  double[][] scores(PruningContext context, Map<ParameterRef, INDArray> maskedWeights) {
    int images = settings.images() == null ? 10 * context.gradients().classes() : settings.images();
    double[][] theta = flat(context.tensors(), maskedWeights);
    double[][] g = flat(context.tensors(), context.gradients().lossGradients(maskedWeights, images, 1.0));
    for (int t = 0; t < theta.length; t++) {
      for (int i = 0; i < theta[t].length; i++) {
        theta[t][i] = Math.abs(theta[t][i] * g[t][i]);
      }
    }
    return theta;
  }
}

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
    super(settings.granularity(), settings.scope());
    this.settings = settings;
  }

  @Override
  double[][] scores(PruningContext context, Map<ParameterRef, INDArray> maskedWeights) {
    int images = images(settings.images(), context);
    Map<ParameterRef, INDArray> g = context.gradients().lossGradients(maskedWeights, images, 1.0);
    return product(flat(context.tensors(), maskedWeights), flat(context.tensors(), g), true);
  }
}

package org.fraction.plugins.pruning;

import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PruningContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * GraSP (Wang et al. 2020): a weight's score is −θ ⊙ (H g), g the gradient and H the Hessian of the
 * mean loss over a few training images with the logits divided by a temperature; the highest scores
 * are pruned (those whose removal least reduces the gradient flow). Ranked here by θ ⊙ H g, highest
 * kept.
 */
final class Grasp extends ScoredPruning {

  private final GraspSettings settings;

  Grasp(GraspSettings settings) {
    super(settings.granularity(), settings.scope());
    this.settings = settings;
  }

  @Override
  double[][] scores(PruningContext context, Map<ParameterRef, INDArray> maskedWeights) {
    int images = images(settings.images(), context);
    double temperature = settings.temperature();
    Map<ParameterRef, INDArray> g =
        context.gradients().lossGradients(maskedWeights, images, temperature);
    Map<ParameterRef, INDArray> hg =
        context.gradients().hessianVectorProduct(maskedWeights, g, images, temperature);
    return product(flat(context.tensors(), maskedWeights), flat(context.tensors(), hg), false);
  }
}

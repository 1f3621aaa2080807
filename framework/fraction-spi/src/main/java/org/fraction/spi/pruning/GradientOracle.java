package org.fraction.spi.pruning;

import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients of the network being pruned, for strategies that score weights by them (SNIP, GraSP,
 * SynFlow, or a rule of one's own). Offered through {@link PruningContext#gradients()}; the engine
 * evaluates them on a double-precision copy of the network, so strategies never touch
 * Deeplearning4j's training internals.
 *
 * <p>Every method takes the prunable weights to evaluate at (usually each tensor's weights times
 * its mask); the network's other parameters (biases, batch norm, excluded layers) keep the values
 * they have where the round is pruned. The returned maps hold one double tensor per key of {@code
 * weights}, in its shape.
 */
public interface GradientOracle {

  /** The number of classes of the data set (SNIP and GraSP default to 10 images per class). */
  int classes();

  /**
   * Gradients of the mean cross-entropy loss over the first {@code images} images of a seeded
   * shuffle of the training split (no augmentation; the same images for every call of a round),
   * with the logits divided by {@code temperature} before the softmax.
   */
  Map<ParameterRef, INDArray> lossGradients(
      Map<ParameterRef, INDArray> weights, int images, double temperature);

  /**
   * The Hessian of that loss with respect to the prunable weights times {@code vector}, by a
   * central difference of two loss gradients in double precision.
   */
  Map<ParameterRef, INDArray> hessianVectorProduct(
      Map<ParameterRef, INDArray> weights,
      Map<ParameterRef, INDArray> vector,
      int images,
      double temperature);

  /**
   * Gradients of a data-free objective of the logits on one all-ones input image, with batch
   * normalisation using that input's statistics. With {@code absolute}, every parameter of the
   * network (biases and batch-norm statistics included) is replaced by its absolute value first and
   * the returned gradients are with respect to those absolute values, as SynFlow needs.
   */
  Map<ParameterRef, INDArray> objectiveGradients(
      Map<ParameterRef, INDArray> weights, boolean absolute, LogitObjective objective);

  /**
   * A scalar function of the network's logits (one row per input) and its gradient with respect to
   * them.
   */
  interface LogitObjective {
    double value(INDArray logits);

    INDArray gradient(INDArray logits);

    /** SynFlow's R: the sum of all logits. */
    LogitObjective SUM =
        new LogitObjective() {
          @Override
          public double value(INDArray logits) {
            return logits.sumNumber().doubleValue();
          }

          @Override
          public INDArray gradient(INDArray logits) {
            return org.nd4j.linalg.factory.Nd4j.onesLike(logits);
          }
        };
  }

  /** For contexts built without a network (tests of data-free strategies, planning). */
  GradientOracle NONE =
      new GradientOracle() {
        @Override
        public int classes() {
          throw unavailable();
        }

        @Override
        public Map<ParameterRef, INDArray> lossGradients(
            Map<ParameterRef, INDArray> weights, int images, double temperature) {
          throw unavailable();
        }

        @Override
        public Map<ParameterRef, INDArray> hessianVectorProduct(
            Map<ParameterRef, INDArray> weights,
            Map<ParameterRef, INDArray> vector,
            int images,
            double temperature) {
          throw unavailable();
        }

        @Override
        public Map<ParameterRef, INDArray> objectiveGradients(
            Map<ParameterRef, INDArray> weights, boolean absolute, LogitObjective objective) {
          throw unavailable();
        }

        private IllegalStateException unavailable() {
          return new IllegalStateException("this pruning context offers no gradients");
        }
      };
}

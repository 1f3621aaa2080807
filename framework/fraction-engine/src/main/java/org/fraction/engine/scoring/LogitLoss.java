package org.fraction.engine.scoring;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A loss on the output layer's activations (the logits, once the layer's activation is made the
 * identity) given by its per-example values and its gradient; the gradient is per example, not
 * averaged, as Deeplearning4j's losses return it.
 */
abstract class LogitLoss implements ILossFunction {

  /** Per-example values, a column of the batch's size. */
  abstract INDArray values(INDArray labels, INDArray logits);

  /** The gradient of the summed values with respect to the logits. */
  abstract INDArray gradient(INDArray labels, INDArray logits);

  @Override
  public double computeScore(
      INDArray labels, INDArray preOutput, IActivation activation, INDArray mask, boolean average) {
    double sum = computeScoreArray(labels, preOutput, activation, mask).sumNumber().doubleValue();
    return average ? sum / labels.size(0) : sum;
  }

  @Override
  public INDArray computeScoreArray(
      INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
    return values(labels, activation.getActivation(preOutput.dup(), true));
  }

  @Override
  public INDArray computeGradient(
      INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
    INDArray logits = activation.getActivation(preOutput.dup(), true);
    return activation.backprop(preOutput.dup(), gradient(labels, logits)).getFirst();
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(
      INDArray labels, INDArray preOutput, IActivation activation, INDArray mask, boolean average) {
    return new Pair<>(
        computeScore(labels, preOutput, activation, mask, average),
        computeGradient(labels, preOutput, activation, mask));
  }
}

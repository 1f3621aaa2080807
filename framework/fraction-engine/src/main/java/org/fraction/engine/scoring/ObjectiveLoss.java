package org.fraction.engine.scoring;

import org.fraction.spi.pruning.GradientOracle.LogitObjective;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A strategy's data-free objective of the logits, posed as the output layer's loss (labels unused).
 */
final class ObjectiveLoss extends LogitLoss {

  private final LogitObjective objective;

  ObjectiveLoss(LogitObjective objective) {
    this.objective = objective;
  }

  @Override
  INDArray values(INDArray labels, INDArray logits) {
    return Nd4j.scalar(logits.dataType(), objective.value(logits)).reshape(1, 1);
  }

  @Override
  INDArray gradient(INDArray labels, INDArray logits) {
    return objective.gradient(logits).castTo(logits.dataType());
  }

  @Override
  public String name() {
    return "objective";
  }
}

package org.fraction.engine.store;

import java.util.List;
import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.store.RoundFileSchema;
import org.fraction.spi.tracking.EpochMetrics;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The content of a round file (or of a round's epoch checkpoint).
 *
 * @param attributes scalar metadata and the round's metrics: String, Long or Double values
 * @param weights every parameter of the network at the end of the round (or of the epoch)
 * @param masks the mask of every prunable tensor
 * @param rewind the weights rounds rewind to (round 0 of a ticket only; empty otherwise)
 * @param epochs per-epoch metrics so far
 * @param updaterState the optimizer's state (checkpoints only; null in round files)
 */
public record RoundData(
    Map<String, Object> attributes,
    Map<ParameterRef, INDArray> weights,
    Map<ParameterRef, INDArray> masks,
    Map<ParameterRef, INDArray> rewind,
    List<EpochMetrics> epochs,
    INDArray updaterState) {

  public RoundData {
    attributes = Map.copyOf(attributes);
    weights = Map.copyOf(weights);
    masks = Map.copyOf(masks);
    rewind = Map.copyOf(rewind);
    epochs = List.copyOf(epochs);
  }

  /** The round's summary, from a round file's attributes and metrics. */
  public org.fraction.spi.tracking.RoundSummary summary() {
    return new org.fraction.spi.tracking.RoundSummary(
        (int) number(RoundFileSchema.ROUND),
        number(RoundFileSchema.DENSITY),
        number(RoundFileSchema.DENSITY_VS_REAL),
        (long) number(RoundFileSchema.PARAMS_REMAINING),
        number(RoundFileSchema.TEST_ACCURACY),
        number(RoundFileSchema.BEST_TEST_ACCURACY),
        epochs,
        attributes.get(RoundFileSchema.COLLAPSED_LAYERS) instanceof Number n
            ? n.longValue()
            : null);
  }

  public double number(String attribute) {
    Object v = attributes.get(attribute);
    if (!(v instanceof Number n)) {
      throw new IllegalStateException("round file has no numeric attribute " + attribute);
    }
    return n.doubleValue();
  }

  public String text(String attribute) {
    Object v = attributes.get(attribute);
    return v == null ? "" : v.toString();
  }
}

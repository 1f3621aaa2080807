package org.fraction.examples.pruning;

import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.fraction.spi.pruning.select.PlannedCounts;
import org.fraction.spi.pruning.select.TensorArrays;
import org.fraction.spi.pruning.select.TopK;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Global magnitude pruning in which each weight's magnitude is divided by the RMS of its layer's
 * surviving weights, so that layers of different scale compete on equal terms; every layer keeps at
 * least {@code min-density} of its weights (its largest ones), which prevents a layer from being
 * cut off entirely at high sparsity.
 */
final class LayerBalancedMagnitude implements PruningStrategy {

  private final LayerBalancedSettings settings;

  LayerBalancedMagnitude(LayerBalancedSettings settings) {
    this.settings = settings;
  }

  @Override
  public Map<ParameterRef, INDArray> prune(PruningContext context) {
    float[][] weights = TensorArrays.weights(context);
    float[][] masks = TensorArrays.masks(context);
    float[][] scores = new float[weights.length][];
    float[][] kept = TopK.emptyLike(masks);
    long reserved = 0;
    for (int t = 0; t < weights.length; t++) {
      scores[t] = balanced(weights[t], masks[t]);
      long floor = (long) Math.ceil(settings.minDensity() * weights[t].length);
      reserved += TopK.mark(scores[t], masks[t], kept[t], floor);
    }
    TopK.mark(scores, masks, kept, context.target() - reserved);
    return TensorArrays.toMasks(context, kept);
  }

  /**
   * The global target, or the layers' floors together when they ask for more: once a round has kept
   * each floor, every later round can keep it again.
   */
  @Override
  public long plannedRemaining(long[] sizes, double keep, int round) {
    long floors = 0;
    for (long s : sizes) {
      floors += (long) Math.ceil(settings.minDensity() * s);
    }
    return Math.max(PlannedCounts.global(sizes, keep, round), floors);
  }

  /** |w| over the RMS of the surviving weights. */
  static float[] balanced(float[] w, float[] mask) {
    double sum = 0;
    long count = 0;
    for (int i = 0; i < w.length; i++) {
      if (mask[i] != 0) {
        sum += (double) w[i] * w[i];
        count++;
      }
    }
    double rms = count == 0 || sum == 0 ? 1 : Math.sqrt(sum / count);
    float[] s = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      s[i] = (float) (Math.abs(w[i]) / rms);
    }
    return s;
  }
}

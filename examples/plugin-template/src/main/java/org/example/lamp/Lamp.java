package org.example.lamp;

import java.util.Arrays;
import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.fraction.spi.pruning.select.TensorArrays;
import org.fraction.spi.pruning.select.TopK;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layer-adaptive magnitude pruning (LAMP, Lee et al. 2021): a surviving weight w scores w² divided
 * by the sum of w'² over the surviving weights w' of its tensor with |w'| >= |w|; the highest
 * scores across all tensors are kept, {@code context.target()} of them.
 */
final class Lamp implements PruningStrategy {

  @Override
  public Map<ParameterRef, INDArray> prune(PruningContext context) {
    float[][] scores = TensorArrays.weights(context);
    float[][] masks = TensorArrays.masks(context);
    for (int t = 0; t < scores.length; t++) {
      scores[t] = lamp(scores[t], masks[t]);
    }
    return TensorArrays.toMasks(context, TopK.keep(scores, masks, context.target()));
  }

  static float[] lamp(float[] w, float[] mask) {
    double[] squares = new double[w.length];
    int alive = 0;
    for (int i = 0; i < w.length; i++) {
      if (mask[i] != 0) {
        squares[alive++] = (double) w[i] * w[i];
      }
    }
    squares = Arrays.copyOf(squares, alive);
    Arrays.sort(squares);
    double[] tail = new double[alive + 1]; // tail[n]: the sum of squares[n..]
    for (int n = alive - 1; n >= 0; n--) {
      tail[n] = tail[n + 1] + squares[n];
    }
    float[] scores = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      double square = (double) w[i] * w[i];
      int from = firstAtLeast(squares, square);
      scores[i] = mask[i] == 0 || tail[from] == 0 ? 0f : (float) (square / tail[from]);
    }
    return scores;
  }

  private static int firstAtLeast(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}

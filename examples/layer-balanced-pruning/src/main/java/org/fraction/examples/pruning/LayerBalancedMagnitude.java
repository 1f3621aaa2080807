package org.fraction.examples.pruning;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Global magnitude pruning in which each weight's magnitude is divided by the RMS of its layer's
 * surviving weights, so that layers of different scale compete on equal terms; every layer
 * keeps at least {@code min-density} of its weights (its largest ones), which prevents a layer
 * from being cut off entirely at high sparsity.
 */
final class LayerBalancedMagnitude implements PruningStrategy {

  private final LayerBalancedSettings settings;

  LayerBalancedMagnitude(LayerBalancedSettings settings) {
    this.settings = settings;
  }

  @Override
  public Map<ParameterRef, INDArray> prune(PruningContext context) {
    List<PrunableTensor> tensors = context.tensors();
    int n = tensors.size();
    float[][] scores = new float[n][];
    float[][] masks = new float[n][];
    float[][] kept = new float[n][];
    long reserved = 0;
    for (int t = 0; t < n; t++) {
      float[] w = tensors.get(t).weights().dup('c').data().asFloat();
      masks[t] = tensors.get(t).mask().dup('c').data().asFloat();
      scores[t] = balanced(w, masks[t]);
      kept[t] = new float[w.length];
      long floor = Math.min(alive(masks[t]), (long) Math.ceil(settings.minDensity() * w.length));
      reserved += keepLargest(scores[t], masks[t], kept[t], floor);
    }
    long rest = Math.max(0, context.target() - reserved);
    keepLargestAcross(scores, masks, kept, rest);
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    for (int t = 0; t < n; t++) {
      out.put(tensors.get(t).ref(), Nd4j.create(kept[t], tensors.get(t).mask().shape(), 'c'));
    }
    return out;
  }

  /**
   * The global target, or the layers' floors together when they ask for more: once a round has
   * kept each floor, every later round can keep it again.
   */
  @Override
  public long plannedRemaining(long[] sizes, double keep, int round) {
    long total = 0;
    long floors = 0;
    for (long s : sizes) {
      total += s;
      floors += (long) Math.ceil(settings.minDensity() * s);
    }
    return Math.max(Math.round(total * Math.pow(keep, round)), floors);
  }

  /** |w| over the RMS of the surviving weights; pruned entries score -1. */
  static float[] balanced(float[] w, float[] mask) {
    double sum = 0;
    long count = 0;
    for (int i = 0; i < w.length; i++) {
      if (mask[i] != 0) {
        sum += (double) w[i] * w[i];
        count++;
      }
    }
    double rms = count == 0 ? 1 : Math.sqrt(sum / count);
    float[] s = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      s[i] = mask[i] != 0 ? (float) (Math.abs(w[i]) / (rms == 0 ? 1 : rms)) : -1f;
    }
    return s;
  }

  private static long alive(float[] mask) {
    long c = 0;
    for (float m : mask) {
      if (m != 0) {
        c++;
      }
    }
    return c;
  }

  /** Marks the {@code count} best surviving entries of one tensor; returns how many it marked. */
  private static long keepLargest(float[] scores, float[] mask, float[] kept, long count) {
    return keepLargestAcross(new float[][] {scores}, new float[][] {mask}, new float[][] {kept}, count);
  }

  /** Marks the {@code count} best surviving entries not yet kept, across tensors. */
  private static long keepLargestAcross(float[][] scores, float[][] masks, float[][] kept, long count) {
    int candidates = 0;
    for (int t = 0; t < scores.length; t++) {
      for (int i = 0; i < scores[t].length; i++) {
        if (masks[t][i] != 0 && kept[t][i] == 0) {
          candidates++;
        }
      }
    }
    if (count <= 0 || candidates == 0) {
      return 0;
    }
    float[] sorted = new float[candidates];
    int c = 0;
    for (int t = 0; t < scores.length; t++) {
      for (int i = 0; i < scores[t].length; i++) {
        if (masks[t][i] != 0 && kept[t][i] == 0) {
          sorted[c++] = scores[t][i];
        }
      }
    }
    Arrays.sort(sorted);
    long take = Math.min(count, candidates);
    float threshold = sorted[(int) (candidates - take)];
    long above = 0;
    for (float s : sorted) {
      if (s > threshold) {
        above++;
      }
    }
    long ties = take - above;
    long marked = 0;
    for (int t = 0; t < scores.length; t++) {
      for (int i = 0; i < scores[t].length; i++) {
        if (masks[t][i] == 0 || kept[t][i] != 0) {
          continue;
        }
        if (scores[t][i] > threshold || (scores[t][i] == threshold && ties-- > 0)) {
          kept[t][i] = 1f;
          marked++;
        }
      }
    }
    return marked;
  }
}

package org.fraction.plugins.pruning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.fraction.spi.pruning.select.TensorArrays;
import org.fraction.spi.pruning.select.TopK;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A strategy that scores every surviving weight (higher survives) and keeps exactly the round's
 * count, over all layers together or in each layer by its own scores, weight by weight or in whole
 * quaternions.
 */
abstract class ScoredPruning implements PruningStrategy {

  private final Granularity granularity;
  private final Scope scope;

  ScoredPruning(Granularity granularity, Scope scope) {
    this.granularity = granularity;
    this.scope = scope;
  }

  /** A score per entry of each tensor (c order); entries already pruned are ignored. */
  abstract double[][] scores(PruningContext context, Map<ParameterRef, INDArray> maskedWeights);

  @Override
  public Map<ParameterRef, INDArray> prune(PruningContext context) {
    float[][] masks = TensorArrays.masks(context);
    double[][] scores = scores(context, masked(context.tensors(), masks));
    return TensorArrays.toMasks(
        context, keep(context, scores, masks, Math.pow(context.keep(), context.round())));
  }

  /**
   * The surviving entries with the best scores: {@code density} of all entries (exact count), or of
   * each layer's entries with {@code scope: layer}.
   */
  float[][] keep(PruningContext context, double[][] scores, float[][] masks, double density) {
    float[][] ranked = comparable(scores);
    if (granularity == Granularity.QUATERNION && !context.quaternionGroups().isEmpty()) {
      return QuaternionMagnitudePruning.selectUnits(
          context, ranked, masks, RankedUnits.Score.SUM, scope, density);
    }
    if (scope == Scope.LAYER) {
      float[][] out = new float[masks.length][];
      for (int t = 0; t < masks.length; t++) {
        out[t] = TopK.keep(ranked[t], masks[t], Math.round(masks[t].length * density));
      }
      return out;
    }
    long size = 0;
    for (float[] m : masks) {
      size += m.length;
    }
    return TopK.keep(ranked, masks, Math.round(size * density));
  }

  @Override
  public long plannedRemaining(long[] sizes, double keep, int round) {
    return MagnitudePruning.planned(scope, sizes, keep, round);
  }

  @Override
  public long plannedRemaining(long[] sizes, int[][] quaternionGroups, double keep, int round) {
    return granularity == Granularity.QUATERNION
        ? new QuaternionMagnitudePruning(scope)
            .plannedRemaining(sizes, quaternionGroups, keep, round)
        : MagnitudePruning.planned(scope, sizes, keep, round);
  }

  @Override
  public long allowedShortfall() {
    return granularity == Granularity.QUATERNION
        ? new QuaternionMagnitudePruning(scope).allowedShortfall()
        : 0;
  }

  /** Each tensor's weights times the given masks, in double precision. */
  static Map<ParameterRef, INDArray> masked(List<PrunableTensor> tensors, float[][] masks) {
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    for (int t = 0; t < tensors.size(); t++) {
      PrunableTensor tensor = tensors.get(t);
      INDArray mask =
          org.nd4j.linalg.factory.Nd4j.create(masks[t], tensor.mask().shape(), 'c')
              .castTo(DataType.DOUBLE);
      out.put(tensor.ref(), tensor.weights().castTo(DataType.DOUBLE).mul(mask));
    }
    return out;
  }

  /** The c-order values of each tensor of {@code values}, in the order of {@code tensors}. */
  static double[][] flat(List<PrunableTensor> tensors, Map<ParameterRef, INDArray> values) {
    double[][] out = new double[tensors.size()][];
    for (int t = 0; t < tensors.size(); t++) {
      out[t] = values.get(tensors.get(t).ref()).castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }
    return out;
  }

  /**
   * The entrywise product of two score layouts, in place in {@code a}; its magnitude with {@code
   * absolute}.
   */
  static double[][] product(double[][] a, double[][] b, boolean absolute) {
    for (int t = 0; t < a.length; t++) {
      for (int i = 0; i < a[t].length; i++) {
        a[t][i] = absolute ? Math.abs(a[t][i] * b[t][i]) : a[t][i] * b[t][i];
      }
    }
    return a;
  }

  /**
   * The images a data-dependent score is taken on: as set, or 10 per class (Tanaka et al.'s
   * default).
   */
  static int images(Integer setting, PruningContext context) {
    return setting == null ? 10 * context.gradients().classes() : setting;
  }

  /**
   * Scores as floats for ranking, divided by the largest magnitude first so that double scores far
   * outside the float range (SynFlow's on deep networks) keep their order.
   */
  static float[][] comparable(double[][] scores) {
    double max = 0;
    for (double[] s : scores) {
      for (double v : s) {
        max = Math.max(max, Math.abs(v));
      }
    }
    double scale = max == 0 || !Double.isFinite(max) ? 1 : max;
    float[][] out = new float[scores.length][];
    for (int t = 0; t < scores.length; t++) {
      out[t] = new float[scores[t].length];
      for (int i = 0; i < scores[t].length; i++) {
        out[t][i] = (float) (scores[t][i] / scale);
      }
    }
    return out;
  }
}

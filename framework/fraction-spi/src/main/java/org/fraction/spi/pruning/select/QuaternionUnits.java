package org.fraction.spi.pruning.select;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.model.QuaternionGroup;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;

/**
 * Quaternion weights as units: the entries at one index of a group's r, i, j and k tensors form one
 * quaternion, scored from its four components' scores and kept or removed as a whole. Arrays are
 * per tensor in the context's order, as {@link TensorArrays} gives them.
 */
public final class QuaternionUnits {

  /** A quaternion's score from the scores of its r, i, j and k entries. */
  @FunctionalInterface
  public interface Rule {
    float score(float r, float i, float j, float k);
  }

  /** The sum of the four components' scores, e.g. the squared norm when each scores w². */
  public static final Rule SUM = (r, i, j, k) -> r + i + j + k;

  private QuaternionUnits() {}

  /**
   * For each of the context's quaternion groups, the indices into {@code context.tensors()} of its
   * r, i, j and k tensors; throws if a component is not offered or the four differ in size.
   */
  public static int[][] indices(PruningContext context) {
    List<ParameterRef> refs = context.tensors().stream().map(PrunableTensor::ref).toList();
    int[][] out = new int[context.quaternionGroups().size()][];
    for (int g = 0; g < out.length; g++) {
      QuaternionGroup group = context.quaternionGroups().get(g);
      out[g] = group.components().stream().mapToInt(refs::indexOf).toArray();
      for (int c = 0; c < 4; c++) {
        if (out[g][c] < 0) {
          throw new IllegalArgumentException(
              "quaternion group "
                  + group.layer()
                  + " names "
                  + group.components().get(c)
                  + ", which is not offered for pruning");
        }
        if (context.tensors().get(out[g][c]).size() != context.tensors().get(out[g][0]).size()) {
          throw new IllegalArgumentException(
              "the components of quaternion group " + group.layer() + " differ in size");
        }
      }
    }
    return out;
  }

  /** One score per quaternion of {@code group}, from its components' scores. */
  public static float[] scores(float[][] scores, int[] group, Rule rule) {
    float[] r = scores[group[0]];
    float[] out = new float[r.length];
    for (int n = 0; n < out.length; n++) {
      out[n] = rule.score(r[n], scores[group[1]][n], scores[group[2]][n], scores[group[3]][n]);
    }
    return out;
  }

  /** 1 for each quaternion of {@code group} whose four components all survive, else 0. */
  public static float[] mask(float[][] masks, int[] group) {
    float[] out = new float[masks[group[0]].length];
    for (int n = 0; n < out.length; n++) {
      boolean alive = true;
      for (int t : group) {
        alive &= masks[t][n] != 0f;
      }
      out[n] = alive ? 1f : 0f;
    }
    return out;
  }

  /** Copies a mask over the quaternions of {@code group} to all four of its component masks. */
  public static void apply(float[] quaternionMask, int[] group, float[][] masks) {
    for (int t : group) {
      masks[t] = quaternionMask.clone();
    }
  }

  /**
   * A layer-wise selection: of each quaternion group, the best {@code round(n * keep^round)} of its
   * n quaternions; of each other tensor, its best {@code round(n * keep^round)} weights. Its count
   * is {@link PlannedCounts#perQuaternionLayer}.
   */
  public static float[][] keepPerLayer(
      PruningContext context, float[][] scores, float[][] masks, Rule rule) {
    float[][] out = TopK.emptyLike(masks);
    Set<Integer> grouped = new HashSet<>();
    for (int[] g : indices(context)) {
      float[] units = mask(masks, g);
      apply(TopK.keep(scores(scores, g, rule), units, context.target(units.length)), g, out);
      for (int t : g) {
        grouped.add(t);
      }
    }
    for (int t = 0; t < masks.length; t++) {
      if (!grouped.contains(t)) {
        out[t] = TopK.keep(scores[t], masks[t], context.target(context.tensors().get(t)));
      }
    }
    return out;
  }
}

package org.fraction.plugins.pruning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.model.QuaternionGroup;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.fraction.spi.pruning.select.TensorArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Quaternion magnitude pruning: a quaternion weight (the entries at one position of its layer's r,
 * i, j and k tensors) is kept or removed as a whole, ranked by its norm. Tensors outside any
 * quaternion group (a real classifier, say) are ranked weight by weight in the same ranking.
 *
 * <p>To compare a quaternion of four entries with a single real weight, a quaternion scores the
 * root mean square of its entries, |q| / 2, which equals |w| when all four entries have the size of
 * w.
 *
 * <p>{@code scope: layer} keeps {@code round(n * keep^round)} of the n quaternions of each
 * quaternion layer and of the n weights of each real tensor. {@code scope: global} keeps {@code
 * round(size * keep^round)} weights in all, as {@code global-magnitude} does, taking units from the
 * top of the ranking while they fit; when the last quaternions do not fit into what is left (fewer
 * than four weights), the best of them is kept and as many of the lowest ranked real weights are
 * dropped instead, so the count is exact. Without any real tensor the count is kept in quaternions:
 * {@code round(quaternions * keep^round)}. Only when fewer than three real weights are left to
 * trade can the global count fall short of the target, by at most three weights.
 */
final class QuaternionMagnitudePruning implements PruningStrategy {

  private final Scope scope;

  QuaternionMagnitudePruning(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Map<ParameterRef, INDArray> prune(PruningContext context) {
    double factor = Math.pow(context.keep(), context.round());
    return TensorArrays.toMasks(
        context,
        selectUnits(
            context,
            TensorArrays.weights(context),
            TensorArrays.masks(context),
            RankedUnits.Score.RMS,
            scope,
            factor));
  }

  /**
   * Keeps whole quaternions (and single weights of tensors outside any group) ranked by a score
   * made from their entries' values, at the given density, as the class comment describes.
   */
  static float[][] selectUnits(
      PruningContext context,
      float[][] values,
      float[][] masks,
      RankedUnits.Score score,
      Scope scope,
      double factor) {
    List<PrunableTensor> tensors = context.tensors();
    Map<ParameterRef, Integer> index = new HashMap<>();
    for (int t = 0; t < tensors.size(); t++) {
      index.put(tensors.get(t).ref(), t);
    }
    float[][] out = new float[tensors.size()][];
    for (int t = 0; t < tensors.size(); t++) {
      out[t] = new float[masks[t].length];
    }
    List<int[]> groups = new ArrayList<>();
    Set<Integer> grouped = new HashSet<>();
    for (QuaternionGroup g : context.quaternionGroups()) {
      int[] members =
          g.components().stream()
              .mapToInt(
                  r -> {
                    Integer t = index.get(r);
                    if (t == null) {
                      throw new IllegalStateException(
                          "quaternion group "
                              + g.layer()
                              + " names "
                              + r
                              + ", which is not offered for pruning");
                    }
                    return t;
                  })
              .toArray();
      for (int m : members) {
        if (values[m].length != values[members[0]].length) {
          throw new IllegalStateException(
              "the components of quaternion group " + g.layer() + " differ in size");
        }
        grouped.add(m);
      }
      groups.add(members);
    }
    List<Integer> singles = new ArrayList<>();
    for (int t = 0; t < tensors.size(); t++) {
      if (!grouped.contains(t)) {
        singles.add(t);
      }
    }

    if (scope == Scope.LAYER) {
      for (int[] g : groups) {
        RankedUnits u = new RankedUnits(score);
        u.addGroup(g, values, masks);
        u.keepUnits(Math.round(values[g[0]].length * factor), out);
      }
      for (int t : singles) {
        RankedUnits u = new RankedUnits(score);
        u.addSingle(t, values, masks);
        u.keepUnits(Math.round(values[t].length * factor), out);
      }
    } else {
      RankedUnits u = new RankedUnits(score);
      long quaternions = 0;
      for (int[] g : groups) {
        u.addGroup(g, values, masks);
        quaternions += values[g[0]].length;
      }
      for (int t : singles) {
        u.addSingle(t, values, masks);
      }
      if (singles.isEmpty()) {
        u.keepUnits(Math.round(quaternions * factor), out);
      } else {
        long size = 0;
        for (float[] m : masks) {
          size += m.length;
        }
        u.keepWeights(Math.round(size * factor), out);
      }
    }
    return out;
  }

  /** The global count can fall short by up to three weights (see the class comment). */
  @Override
  public long allowedShortfall() {
    return scope == Scope.GLOBAL ? 3 : 0;
  }

  @Override
  public long plannedRemaining(long[] sizes, double keep, int round) {
    return MagnitudePruning.planned(scope, sizes, keep, round);
  }

  @Override
  public long plannedRemaining(long[] sizes, int[][] quaternionGroups, double keep, int round) {
    if (scope == Scope.GLOBAL && quaternionGroups.length > 0) {
      Set<Integer> grouped = new HashSet<>();
      long quaternions = 0;
      for (int[] g : quaternionGroups) {
        quaternions += sizes[g[0]];
        for (int m : g) {
          grouped.add(m);
        }
      }
      if (grouped.size() == sizes.length) {
        return 4 * Math.round(quaternions * Math.pow(keep, round));
      }
    }
    return MagnitudePruning.planned(scope, sizes, keep, round);
  }
}

package org.fraction.plugins.pruning;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Quaternion magnitude pruning: a quaternion weight (the entries at one position of its layer's
 * r, i, j and k tensors) is kept or removed as a whole, ranked by its norm. Tensors outside any
 * quaternion group (a real classifier, say) are ranked weight by weight in the same ranking.
 *
 * <p>To compare a quaternion of four entries with a single real weight, a quaternion scores the
 * root mean square of its entries, |q| / 2, which equals |w| when all four entries have the size
 * of w.
 *
 * <p>{@code scope: layer} keeps {@code round(n * keep^round)} of the n quaternions of each
 * quaternion layer and of the n weights of each real tensor. {@code scope: global} keeps
 * {@code round(size * keep^round)} weights in all, as {@code global-magnitude} does, taking units
 * from the top of the ranking while they fit; when the last quaternions do not fit into what is
 * left (fewer than four weights), the best of them is kept and as many of the lowest ranked real
 * weights are dropped instead, so the count is exact. Without any real tensor the count is kept
 * in quaternions: {@code round(quaternions * keep^round)}. Only when fewer than three real weights
 * are left to trade can the global count fall short of the target, by at most three weights.
 */
final class QuaternionMagnitudePruning implements PruningStrategy {

  private final Scope scope;

  QuaternionMagnitudePruning(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Map<ParameterRef, INDArray> prune(PruningContext context) {
    List<PrunableTensor> tensors = context.tensors();
    Map<ParameterRef, Integer> index = new HashMap<>();
    for (int t = 0; t < tensors.size(); t++) {
      index.put(tensors.get(t).ref(), t);
    }
    float[][] values = new float[tensors.size()][];
    float[][] masks = new float[tensors.size()][];
    float[][] out = new float[tensors.size()][];
    for (int t = 0; t < tensors.size(); t++) {
      values[t] = Tensors.values(tensors.get(t).weights());
      masks[t] = Tensors.values(tensors.get(t).mask());
      out[t] = new float[masks[t].length];
    }
    List<int[]> groups = new ArrayList<>();
    Set<Integer> grouped = new HashSet<>();
    for (QuaternionGroup g : context.quaternionGroups()) {
      int[] members = g.components().stream().mapToInt(r -> {
        Integer t = index.get(r);
        if (t == null) {
          throw new IllegalStateException("quaternion group " + g.layer() + " names " + r + ", which is not offered for pruning");
        }
        return t;
      }).toArray();
      for (int m : members) {
        if (values[m].length != values[members[0]].length) {
          throw new IllegalStateException("the components of quaternion group " + g.layer() + " differ in size");
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

    double factor = Math.pow(context.keep(), context.round());
    if (scope == Scope.LAYER) {
      for (int[] g : groups) {
        Units u = new Units();
        u.addGroup(g, values, masks);
        u.keepUnits(Math.round(values[g[0]].length * factor), out);
      }
      for (int t : singles) {
        Units u = new Units();
        u.addSingle(t, values, masks);
        u.keepUnits(Math.round(values[t].length * factor), out);
      }
    } else {
      Units u = new Units();
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
        u.keepWeights(context.target(), out);
      }
    }
    return Tensors.masks(tensors, out);
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

  /**
   * Units competing for one budget: each a quaternion (position i of four member tensors) or a
   * single weight (position i of one tensor), with its score and its count of surviving entries.
   */
  private static final class Units {
    private final List<int[]> members = new ArrayList<>();
    private final List<float[][]> memberMasks = new ArrayList<>();
    private long[] order = new long[0]; // (score bits << 32) | unit id, sorted ascending
    private int[] unitSource = new int[0]; // which member set
    private int[] unitPosition = new int[0];
    private int[] unitWeight = new int[0];
    private int count;

    void addGroup(int[] group, float[][] values, float[][] masks) {
      add(group, values, masks);
    }

    void addSingle(int tensor, float[][] values, float[][] masks) {
      add(new int[] {tensor}, values, masks);
    }

    private void add(int[] tensors, float[][] values, float[][] masks) {
      int source = members.size();
      members.add(tensors);
      float[][] v = new float[tensors.length][];
      float[][] m = new float[tensors.length][];
      for (int c = 0; c < tensors.length; c++) {
        v[c] = values[tensors[c]];
        m[c] = masks[tensors[c]];
      }
      memberMasks.add(m);
      int n = v[0].length;
      grow(count + n);
      for (int i = 0; i < n; i++) {
        int alive = 0;
        double square = 0;
        for (int c = 0; c < tensors.length; c++) {
          if (m[c][i] != 0f) {
            alive++;
            square += (double) v[c][i] * v[c][i];
          }
        }
        if (alive == 0) {
          continue;
        }
        float score = (float) Math.sqrt(square / tensors.length);
        unitSource[count] = source;
        unitPosition[count] = i;
        unitWeight[count] = alive;
        order[count] = ((long) Float.floatToIntBits(score) << 32) | (0x7fffffffL - count);
        count++;
      }
    }

    private void grow(int capacity) {
      if (capacity > order.length) {
        int c = Math.max(capacity, order.length * 2);
        order = Arrays.copyOf(order, c);
        unitSource = Arrays.copyOf(unitSource, c);
        unitPosition = Arrays.copyOf(unitPosition, c);
        unitWeight = Arrays.copyOf(unitWeight, c);
      }
    }

    /** Unit ids from the best to the worst (ties: the earlier unit first). */
    private int[] ranking() {
      long[] sorted = Arrays.copyOf(order, count);
      Arrays.sort(sorted);
      int[] ids = new int[count];
      for (int r = 0; r < count; r++) {
        ids[r] = (int) (0x7fffffffL - (sorted[count - 1 - r] & 0xffffffffL));
      }
      return ids;
    }

    /** Keeps the best {@code target} units. */
    void keepUnits(long target, float[][] out) {
      int[] ranked = ranking();
      for (int r = 0; r < ranked.length && r < target; r++) {
        keep(ranked[r], out);
      }
    }

    /** Keeps the best units worth {@code target} surviving weights in all (see the class comment). */
    void keepWeights(long target, float[][] out) {
      int[] ranked = ranking();
      long left = target;
      List<Integer> keptSingles = new ArrayList<>();
      int bestSkipped = -1;
      for (int id : ranked) {
        if (left == 0) {
          break;
        }
        if (unitWeight[id] <= left) {
          keep(id, out);
          left -= unitWeight[id];
          if (members.get(unitSource[id]).length == 1) {
            keptSingles.add(id);
          }
        } else if (bestSkipped < 0) {
          bestSkipped = id;
        }
      }
      if (left > 0 && bestSkipped >= 0) {
        long drop = unitWeight[bestSkipped] - left;
        if (keptSingles.size() >= drop) {
          keep(bestSkipped, out);
          for (int k = 0; k < drop; k++) {
            unkeep(keptSingles.get(keptSingles.size() - 1 - k), out);
          }
        }
      }
    }

    private void keep(int id, float[][] out) {
      int[] tensors = members.get(unitSource[id]);
      float[][] m = memberMasks.get(unitSource[id]);
      int i = unitPosition[id];
      for (int c = 0; c < tensors.length; c++) {
        out[tensors[c]][i] = m[c][i];
      }
    }

    private void unkeep(int id, float[][] out) {
      int[] tensors = members.get(unitSource[id]);
      int i = unitPosition[id];
      for (int tensor : tensors) {
        out[tensor][i] = 0f;
      }
    }
  }
}

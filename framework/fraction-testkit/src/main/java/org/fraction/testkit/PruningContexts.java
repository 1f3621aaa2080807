package org.fraction.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.model.QuaternionGroup;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds a {@link PruningContext} over small tensors for a strategy's unit test, e.g. {@code
 * PruningContexts.builder().tensor("fc1", "W", 1, 2, 3, 4).randomQuaternion("q1", 3,
 * 2).keep(0.5).build()}. Every tensor starts fully alive unless given a mask; {@link #next} makes
 * the following round's context from the masks a strategy chose.
 */
public final class PruningContexts {

  private final Map<ParameterRef, INDArray> weights = new LinkedHashMap<>();
  private final Map<ParameterRef, INDArray> masks = new LinkedHashMap<>();
  private final List<QuaternionGroup> groups = new ArrayList<>();
  private final SplittableRandom values = new SplittableRandom(1);
  private double keep = 0.5;
  private int round = 1;
  private long seed = 1;

  private PruningContexts() {}

  public static PruningContexts builder() {
    return new PruningContexts();
  }

  /** A tensor {@code layer/param} of shape {@code [1, n]} holding {@code values}. */
  public PruningContexts tensor(String layer, String param, float... values) {
    return tensor(layer, param, new long[] {1, values.length}, values);
  }

  /** A tensor {@code layer/param} of the given shape holding {@code values} in c order. */
  public PruningContexts tensor(String layer, String param, long[] shape, float... values) {
    ParameterRef ref = new ParameterRef(layer, param);
    if (weights.containsKey(ref)) {
      throw new IllegalArgumentException(ref + " is already in the context");
    }
    INDArray w = Nd4j.create(values, shape, 'c');
    weights.put(ref, w);
    masks.put(ref, Nd4j.onesLike(w));
    return this;
  }

  /** A tensor of the given shape with standard normal values drawn from the builder's own seed. */
  public PruningContexts randomTensor(String layer, String param, long... shape) {
    return tensor(layer, param, shape, gaussian(shape));
  }

  /**
   * A quaternion weight: the tensors {@code layer/r}, {@code layer/i}, {@code layer/j} and {@code
   * layer/k} of the given shape, with standard normal values, and their group.
   */
  public PruningContexts randomQuaternion(String layer, long... shape) {
    for (String part : List.of("r", "i", "j", "k")) {
      randomTensor(layer, part, shape);
    }
    groups.add(
        new QuaternionGroup(
            new ParameterRef(layer, "r"),
            new ParameterRef(layer, "i"),
            new ParameterRef(layer, "j"),
            new ParameterRef(layer, "k")));
    return this;
  }

  /** The current mask of a tensor already added (c order, 0 or 1). */
  public PruningContexts mask(String layer, String param, float... mask) {
    ParameterRef ref = new ParameterRef(layer, param);
    INDArray w = weights.get(ref);
    if (w == null) {
      throw new IllegalArgumentException(ref + " is not in the context");
    }
    masks.put(ref, Nd4j.create(mask, w.shape(), 'c'));
    return this;
  }

  /** The fraction each round keeps (default 0.5). */
  public PruningContexts keep(double keep) {
    this.keep = keep;
    return this;
  }

  /** The round the masks are for (default 1). */
  public PruningContexts round(int round) {
    this.round = round;
    return this;
  }

  /** The seed of the context's random generator (default 1). */
  public PruningContexts seed(long seed) {
    this.seed = seed;
    return this;
  }

  public PruningContext build() {
    List<PrunableTensor> tensors = new ArrayList<>();
    weights.forEach((ref, w) -> tensors.add(new PrunableTensor(ref, w, masks.get(ref))));
    return new PruningContext(
        tensors, groups, keep, round, new SplittableRandom(seed * 31 + round));
  }

  /**
   * The context of the round after {@code context}'s, with the same weights and the given masks.
   */
  public static PruningContext next(PruningContext context, Map<ParameterRef, INDArray> masks) {
    List<PrunableTensor> tensors =
        context.tensors().stream()
            .map(t -> new PrunableTensor(t.ref(), t.weights(), masks.get(t.ref())))
            .toList();
    return new PruningContext(
        tensors,
        context.quaternionGroups(),
        context.keep(),
        context.round() + 1,
        new SplittableRandom(context.round() + 1));
  }

  private float[] gaussian(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    float[] out = new float[Math.toIntExact(n)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values.nextGaussian();
    }
    return out;
  }
}

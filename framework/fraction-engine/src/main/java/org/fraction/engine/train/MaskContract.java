package org.fraction.engine.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Holds a pruning strategy to the promises of {@link PruningStrategy#prune}: a mask for every
 * tensor offered and for no other, of the tensor's shape, holding only 0 and 1, reviving no pruned
 * weight, and keeping in all the count the strategy plans for the round (its {@link
 * PruningStrategy#plannedRemaining} capped at what remained, less at most its {@link
 * PruningStrategy#allowedShortfall}). A broken promise fails the trial with a message naming the
 * strategy, the round, the tensor and the count.
 */
public final class MaskContract {

  private final PruningStrategy strategy;
  private final String name;

  /** Checks {@code strategy}, registered as {@code typeName} by the plugin {@code pluginName}. */
  public MaskContract(PruningStrategy strategy, String typeName, String pluginName) {
    this.strategy = strategy;
    this.name = "pruning '" + typeName + "' (plugin " + pluginName + ")";
  }

  /**
   * The masks the strategy chose for the context's tensors, as floats in the tensors' order; throws
   * if any promise is broken.
   */
  public Map<ParameterRef, INDArray> check(
      PruningContext context, Map<ParameterRef, INDArray> chosen) {
    List<PrunableTensor> tensors = context.tensors();
    if (chosen == null) {
      throw broken(context, "returned no masks");
    }
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    for (PrunableTensor t : tensors) {
      out.put(t.ref(), checkTensor(context, t, chosen.get(t.ref())));
    }
    for (ParameterRef ref : chosen.keySet()) {
      if (!out.containsKey(ref)) {
        throw broken(context, "returned a mask for " + ref + ", which was not offered for pruning");
      }
    }
    checkCount(context, out);
    return out;
  }

  private INDArray checkTensor(PruningContext context, PrunableTensor t, INDArray mask) {
    if (mask == null) {
      throw broken(context, "returned no mask for " + t.ref());
    }
    if (!Arrays.equals(mask.shape(), t.mask().shape())) {
      throw broken(
          context,
          t.ref()
              + " mask has shape "
              + Arrays.toString(mask.shape())
              + ", expected "
              + Arrays.toString(t.mask().shape()));
    }
    INDArray asFloat = mask.castTo(DataType.FLOAT);
    float[] next = asFloat.dup('c').data().asFloat();
    float[] current = t.mask().castTo(DataType.FLOAT).dup('c').data().asFloat();
    long notBinary = 0;
    int firstNotBinary = -1;
    long revived = 0;
    int firstRevived = -1;
    for (int i = 0; i < next.length; i++) {
      if (next[i] != 0f && next[i] != 1f) {
        notBinary++;
        firstNotBinary = firstNotBinary < 0 ? i : firstNotBinary;
      } else if (next[i] == 1f && current[i] == 0f) {
        revived++;
        firstRevived = firstRevived < 0 ? i : firstRevived;
      }
    }
    if (notBinary > 0) {
      throw broken(
          context,
          t.ref()
              + " has "
              + count(notBinary, "mask value")
              + " other than 0 and 1, the first "
              + next[firstNotBinary]
              + " at index "
              + firstNotBinary);
    }
    if (revived > 0) {
      throw broken(
          context,
          t.ref()
              + " revives "
              + count(revived, "pruned weight")
              + ", the first at index "
              + firstRevived);
    }
    return asFloat;
  }

  private void checkCount(PruningContext context, Map<ParameterRef, INDArray> masks) {
    long planned = Math.min(planned(context), context.remaining());
    long lowest = planned - strategy.allowedShortfall();
    long kept = 0;
    List<String> perTensor = new ArrayList<>();
    for (Map.Entry<ParameterRef, INDArray> e : masks.entrySet()) {
      long k = e.getValue().sumNumber().longValue();
      kept += k;
      perTensor.add(e.getKey() + " " + number(k));
    }
    if (kept > planned || kept < lowest) {
      long off = kept > planned ? kept - planned : planned - kept;
      throw broken(
          context,
          "keeps "
              + count(kept, "weight")
              + " ("
              + String.join(", ", perTensor)
              + ") where the round plans "
              + number(planned)
              + ": "
              + number(off)
              + (kept > planned ? " too many" : " too few"));
    }
  }

  /** The strategy's own count for the round, for the tensors offered. */
  private long planned(PruningContext context) {
    List<PrunableTensor> tensors = context.tensors();
    List<ParameterRef> refs = tensors.stream().map(PrunableTensor::ref).toList();
    long[] sizes = tensors.stream().mapToLong(PrunableTensor::size).toArray();
    int[][] groups =
        context.quaternionGroups().stream()
            .map(g -> g.components().stream().mapToInt(refs::indexOf).toArray())
            .toArray(int[][]::new);
    return strategy.plannedRemaining(sizes, groups, context.keep(), context.round());
  }

  private IllegalStateException broken(PruningContext context, String what) {
    return new IllegalStateException(name + ", round " + context.round() + ": " + what);
  }

  private static String count(long n, String noun) {
    return number(n) + " " + noun + (n == 1 ? "" : "s");
  }

  private static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}

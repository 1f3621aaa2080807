package org.fraction.engine.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A plain global magnitude pruning for engine tests, written independently of the plugin's. */
public final class SmallestFirstPruning implements PruningStrategy {

  public record Settings() {}

  public SmallestFirstPruning(Settings settings) {}

  @Override
  public Map<ParameterRef, INDArray> prune(PruningContext context) {
    record Entry(int tensor, long index, double magnitude) {}
    List<Entry> alive = new ArrayList<>();
    List<INDArray> masks = new ArrayList<>();
    for (int t = 0; t < context.tensors().size(); t++) {
      PrunableTensor pt = context.tensors().get(t);
      INDArray w = pt.weights().dup('c').reshape(-1);
      INDArray m = pt.mask().dup('c').reshape(-1);
      masks.add(m);
      for (long i = 0; i < w.length(); i++) {
        if (m.getDouble(i) != 0) {
          alive.add(new Entry(t, i, Math.abs(w.getDouble(i))));
        }
      }
    }
    alive.sort(Comparator.comparingDouble(Entry::magnitude));
    long remove = alive.size() - context.target();
    for (int n = 0; n < remove; n++) {
      Entry e = alive.get(n);
      masks.get(e.tensor()).putScalar(e.index(), 0.0);
    }
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    for (int t = 0; t < context.tensors().size(); t++) {
      PrunableTensor pt = context.tensors().get(t);
      out.put(pt.ref(), masks.get(t).reshape('c', pt.mask().shape()));
    }
    return out;
  }
}

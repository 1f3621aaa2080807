package org.fraction.inference.graph;

import java.util.function.Supplier;
import org.fraction.inference.KernelChoice;

/** A weighted layer's dense and sparse kernels, each built when first chosen. */
final class WeightedKernels<K> {

  private final KernelChoice.Mode mode;
  private final KernelChoice.Kind kind;
  private final double density;
  private final int outputPlane;
  private final Supplier<K> denseFactory;
  private final Supplier<K> sparseFactory;
  private K dense;
  private K sparse;

  WeightedKernels(
      KernelChoice.Mode mode,
      KernelChoice.Kind kind,
      double density,
      int outputPlane,
      Supplier<K> dense,
      Supplier<K> sparse) {
    this.mode = mode;
    this.kind = kind;
    this.density = density;
    this.outputPlane = outputPlane;
    this.denseFactory = dense;
    this.sparseFactory = sparse;
  }

  boolean sparse(int batch) {
    return KernelChoice.sparse(mode, kind, density, batch, outputPlane);
  }

  synchronized K forBatch(int batch) {
    if (sparse(batch)) {
      if (sparse == null) {
        sparse = sparseFactory.get();
      }
      return sparse;
    }
    if (dense == null) {
      dense = denseFactory.get();
    }
    return dense;
  }

  String name(int batch) {
    return sparse(batch) ? "sparse" : "dense";
  }

  double density() {
    return density;
  }
}

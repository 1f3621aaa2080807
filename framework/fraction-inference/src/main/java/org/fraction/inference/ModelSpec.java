package org.fraction.inference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exported model: its input, its operations in execution order (the last one gives the class
 * scores, to which softmax is applied), and descriptive metadata (String, Long or Double values,
 * e.g. the trial and round it came from).
 */
public record ModelSpec(
    InputSpec input, int classes, List<NodeSpec> nodes, Map<String, Object> metadata) {

  public ModelSpec {
    nodes = List.copyOf(nodes);
    metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a model has at least one node");
    }
  }

  /** Nonzero and total entries of the real weights the model's layers act as. */
  public long[] weightCounts() {
    long nonZeros = 0;
    long size = 0;
    for (NodeSpec n : nodes) {
      Weight w =
          n instanceof NodeSpec.Dense d
              ? d.weight()
              : n instanceof NodeSpec.Convolution c ? c.weight() : null;
      if (w != null) {
        nonZeros += w.realNonZeros();
        size += w.realSize();
      }
    }
    return new long[] {nonZeros, size};
  }
}

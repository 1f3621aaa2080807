package org.fraction.spi.model;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * A built (not yet initialised) network and what pruning needs to know about it.
 *
 * @param configuration the graph; it has exactly one input (NCHW images) and one output
 * @param prunable the weight tensors pruning may act on, in a stable order
 * @param quaternionGroups the quaternion weights among {@code prunable}, grouped by component
 * @param realPrunable how many prunable weights the real-valued model of the same shape has (equals
 *     the own count for real models); the denominator of {@code density_vs_real}
 */
public record Network(
    ComputationGraphConfiguration configuration,
    List<ParameterRef> prunable,
    List<QuaternionGroup> quaternionGroups,
    long realPrunable) {

  public Network {
    prunable = List.copyOf(prunable);
    quaternionGroups = List.copyOf(quaternionGroups);
    if (configuration.getNetworkInputs().size() != 1
        || configuration.getNetworkOutputs().size() != 1) {
      throw new IllegalArgumentException("a network has one input and one output");
    }
  }
}

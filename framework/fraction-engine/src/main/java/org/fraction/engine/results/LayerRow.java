package org.fraction.engine.results;

/**
 * The density of one layer's prunable weights in one round of a trial or control, from the round
 * file's masks.
 *
 * @param weights the layer's prunable weights (all its masked tensors together)
 * @param remaining how many of them the mask keeps
 */
public record LayerRow(
    String trial,
    String control,
    String algebra,
    int round,
    String layer,
    long weights,
    long remaining) {

  /** The layer has prunable weights and none is left (layer collapse). */
  public boolean collapsed() {
    return weights > 0 && remaining == 0;
  }

  public double density() {
    return weights == 0 ? 1.0 : (double) remaining / weights;
  }
}

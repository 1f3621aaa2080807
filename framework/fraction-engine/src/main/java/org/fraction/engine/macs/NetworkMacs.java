package org.fraction.engine.macs;

import java.util.List;
import java.util.Map;

/** The multiply-accumulates per example of every layer of a network, in graph order. */
public record NetworkMacs(List<LayerMacs> layers) {

  public NetworkMacs {
    layers = List.copyOf(layers);
  }

  /** Every weight present. */
  public long dense() {
    return layers.stream().mapToLong(LayerMacs::macs).sum();
  }

  /**
   * With each layer's count scaled by the fraction of its prunable weights left; layers absent from
   * {@code layerDensity} (not prunable) count in full.
   */
  public long sparse(Map<String, Double> layerDensity) {
    double total = 0;
    for (LayerMacs l : layers) {
      total += l.macs() * layerDensity.getOrDefault(l.layer(), 1.0);
    }
    return Math.round(total);
  }

  /** Layers with parameters that no rule counts (they are 0 in the totals). */
  public List<String> uncounted() {
    return layers.stream()
        .filter(l -> !l.counted())
        .map(l -> l.layer() + " (" + l.type() + ")")
        .toList();
  }
}

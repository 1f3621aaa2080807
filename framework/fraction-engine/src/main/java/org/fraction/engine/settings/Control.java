package org.fraction.engine.settings;

/** Extra trials that share a ticket's pruning and isolate what makes the ticket win. */
public enum Control {
  /** The ticket's masks with freshly drawn initial weights. */
  RANDOM_REINIT,
  /** Random masks with the ticket's layer-wise densities, from the ticket's initial weights. */
  RANDOM_PRUNE;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}

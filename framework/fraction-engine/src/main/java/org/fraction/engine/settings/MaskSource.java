package org.fraction.engine.settings;

/** Where a round's mask comes from ({@code pruning.mask-source}). */
public enum MaskSource {
  /** Iterative pruning: round k prunes the weights the previous round trained, inside its mask. */
  TRAINED,
  /**
   * Pruning at initialisation: round k gets a fresh one-shot mask at density keep^k, chosen at the
   * rewind point before any training; masks of different rounds need not be nested.
   */
  INIT
}

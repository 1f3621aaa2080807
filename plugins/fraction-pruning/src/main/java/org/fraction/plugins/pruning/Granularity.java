package org.fraction.plugins.pruning;

/** Whether a scored strategy ranks single weights or, in quaternion layers, whole quaternions. */
public enum Granularity {
  /** every weight on its own, quaternion components included */
  COMPONENT,
  /**
   * a quaternion (its r, i, j and k entries) is kept or removed as a whole, scored by the sum of
   * its four scores
   */
  QUATERNION
}

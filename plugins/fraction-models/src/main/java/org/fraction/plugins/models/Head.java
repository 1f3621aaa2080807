package org.fraction.plugins.models;

/** The classifier head of a quaternion ResNet. */
public enum Head {
  /** A quaternion dense layer to the classes (needs a class count divisible by 4). */
  QUATERNION,
  /** A real dense layer to the classes. */
  REAL
}

package org.fraction.spi.model;

import java.util.Locale;

/** The number system a network's weights live in. */
public enum Algebra {
  REAL,
  QUATERNION;

  /** The workflow spelling: {@code real}, {@code quaternion}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Algebra parse(String text) {
    for (Algebra a : values()) {
      if (a.id().equals(text)) {
        return a;
      }
    }
    throw new IllegalArgumentException("must be real or quaternion, got '" + text + "'");
  }

  @Override
  public String toString() {
    return id();
  }
}

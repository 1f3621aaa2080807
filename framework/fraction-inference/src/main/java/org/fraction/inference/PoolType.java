package org.fraction.inference;

import java.util.Locale;

/** Pooling: the maximum or the mean of a window. */
public enum PoolType {
  MAX,
  AVG;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PoolType of(String id) {
    for (PoolType p : values()) {
      if (p.id().equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown pooling type '" + id + "'");
  }
}

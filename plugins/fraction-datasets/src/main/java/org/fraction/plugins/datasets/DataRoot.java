package org.fraction.plugins.datasets;

import java.nio.file.Path;

/**
 * Where data sets live when a workflow gives no {@code path}: the {@code fraction.data} system
 * property ({@code data fetch --dir}), else {@code $FRACTION_DATA}, else {@code ~/.fraction/data};
 * each data set in a subdirectory named after its type. A mirror directory ({@code
 * fraction.data.mirror}, {@code $FRACTION_DATA_MIRROR} or {@code --from}) is searched before the
 * network when fetching, with the same checksums.
 */
public final class DataRoot {

  private DataRoot() {}

  public static Path root() {
    String p = System.getProperty("fraction.data");
    if (p == null || p.isBlank()) {
      p = System.getenv("FRACTION_DATA");
    }
    if (p == null || p.isBlank()) {
      return Path.of(System.getProperty("user.home"), ".fraction", "data");
    }
    return Path.of(p);
  }

  /** The mirror directory, or null. */
  public static Path mirror() {
    String p = System.getProperty("fraction.data.mirror");
    if (p == null || p.isBlank()) {
      p = System.getenv("FRACTION_DATA_MIRROR");
    }
    return p == null || p.isBlank() ? null : Path.of(p);
  }
}

package org.fraction.plugins.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fraction.spi.settings.Doc;
import org.fraction.spi.settings.Incidental;
import org.fraction.spi.settings.InvalidSetting;

/** Settings of {@code mnist} and {@code fashion-mnist}. */
public record IdxSettings(
    @Doc(
            "directory holding the four IDX files (gzipped or not); absent: the data directory,"
                + " fetched if missing")
        @Incidental
        Path path) {

  public IdxSettings {
    if (path != null && !Files.isDirectory(path)) {
      throw new InvalidSetting("path", "no such directory: " + path.toAbsolutePath().normalize());
    }
  }
}

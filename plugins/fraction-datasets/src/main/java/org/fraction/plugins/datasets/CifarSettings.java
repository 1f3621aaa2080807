package org.fraction.plugins.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fraction.spi.settings.Doc;
import org.fraction.spi.settings.Incidental;
import org.fraction.spi.settings.InvalidSetting;

/** Settings of {@code cifar-10}. */
public record CifarSettings(
    @Doc(
            "directory holding data_batch_1..5.bin and test_batch.bin, or the folder"
                + " cifar-10-batches-bin inside it; absent: <data dir>/cifar-10, fetched if"
                + " missing")
        @Incidental
        Path path) {

  public CifarSettings {
    if (path != null && !Files.isDirectory(path)) {
      throw new InvalidSetting("path", "no such directory: " + path.toAbsolutePath().normalize());
    }
  }
}

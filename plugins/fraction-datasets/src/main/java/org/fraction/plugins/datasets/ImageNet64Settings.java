package org.fraction.plugins.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fraction.spi.settings.Doc;
import org.fraction.spi.settings.Incidental;
import org.fraction.spi.settings.InvalidSetting;

/** Settings of {@code imagenet64}. */
public record ImageNet64Settings(
    @Doc(
            "directory holding train_data_batch_1..10 and val_data (pickles, or the same names with"
                + " .npz), directly or one folder down; absent: <data dir>/imagenet64")
        @Incidental
        Path path) {

  public ImageNet64Settings {
    if (path != null && !Files.isDirectory(path)) {
      throw new InvalidSetting("path", "no such directory: " + path.toAbsolutePath().normalize());
    }
  }
}

package org.fraction.plugins.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fraction.spi.settings.Doc;
import org.fraction.spi.settings.Incidental;
import org.fraction.spi.settings.InvalidSetting;

/** Settings of {@code cifar-100}. */
public record Cifar100Settings(
    @Doc(
            "directory holding train.bin and test.bin, or the folder cifar-100-binary inside it;"
                + " absent: <data dir>/cifar-100, fetched if missing")
        @Incidental
        Path path,
    @Doc("fine: the 100 classes; coarse: the 20 superclasses") Labels labels) {

  public enum Labels {
    FINE,
    COARSE
  }

  public Cifar100Settings {
    if (path != null && !Files.isDirectory(path)) {
      throw new InvalidSetting("path", "no such directory: " + path.toAbsolutePath().normalize());
    }
    labels = labels == null ? Labels.FINE : labels;
  }
}

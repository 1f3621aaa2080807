package org.fraction.spark;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * The shaded application jar that executors load: the {@code fraction.spark.jar} system property
 * (the launcher sets it), else the jar this class was loaded from if it is the application jar.
 */
final class ApplicationJar {

  static final String PROPERTY = "fraction.spark.jar";

  private ApplicationJar() {}

  static Optional<Path> locate() {
    String set = System.getProperty(PROPERTY);
    if (set != null && !set.isBlank() && Files.isRegularFile(Path.of(set))) {
      return Optional.of(Path.of(set).toAbsolutePath());
    }
    try {
      CodeSource source = ApplicationJar.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      Path own = Path.of(source.getLocation().toURI());
      if (Files.isRegularFile(own) && isApplicationJar(own)) {
        return Optional.of(own);
      }
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Whether the jar holds the whole application, not only this module. */
  static boolean isApplicationJar(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getEntry("org/fraction/cli/Main.class") != null
          && file.getEntry("org/nd4j/linalg/factory/Nd4j.class") != null;
    } catch (IOException e) {
      return false;
    }
  }
}

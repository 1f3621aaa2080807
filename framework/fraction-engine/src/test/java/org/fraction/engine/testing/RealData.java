package org.fraction.engine.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where tests find real MNIST and Fashion-MNIST: {@code $FRACTION_DATA_MIRROR}, else the first
 * {@code shared/datasets} directory beside the checkout or one of its parents. Tests hand it to the
 * data sets as their mirror, so they read it through the same fetch code a user runs.
 */
public final class RealData {

  private RealData() {}

  public static Optional<Path> mirror() {
    String env = System.getenv("FRACTION_DATA_MIRROR");
    if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env))) {
      return Optional.of(Path.of(env).toAbsolutePath());
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared").resolve("datasets");
      if (Files.isDirectory(candidate.resolve("mnist"))) {
        return Optional.of(candidate);
      }
      dir = dir.getParent();
    }
    return Optional.empty();
  }

  /** The mirror, or an assertion error that says how to provide one. */
  public static Path requireMirror() {
    return mirror()
        .orElseThrow(
            () ->
                new AssertionError(
                    "real MNIST not found: set FRACTION_DATA_MIRROR to a directory holding mnist/"
                        + " and fashion-mnist/"));
  }
}

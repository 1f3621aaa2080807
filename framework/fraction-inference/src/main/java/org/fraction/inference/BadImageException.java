package org.fraction.inference;

import java.io.IOException;
import java.nio.file.Path;

/** An image file that cannot be read, or does not fit the model. */
public final class BadImageException extends IOException {

  private final Path file;

  public BadImageException(Path file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}

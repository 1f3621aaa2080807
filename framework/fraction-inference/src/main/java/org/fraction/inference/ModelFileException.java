package org.fraction.inference;

import java.nio.file.Path;

/** A model file that is missing, not a model file, or damaged. */
public final class ModelFileException extends RuntimeException {

  private final Path file;

  public ModelFileException(Path file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  public ModelFileException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}

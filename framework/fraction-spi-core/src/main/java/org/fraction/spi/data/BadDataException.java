package org.fraction.spi.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file that is missing, truncated or not in the expected format. The command line reports it
 * with exit code 2: {@code path (byte 4711): label 12 out of range 0..9}.
 */
public class BadDataException extends IOException {

  private final Path file;
  private final long offset;

  /**
   * @param offset byte offset of the problem in the (uncompressed) file, or -1 if none applies
   */
  public BadDataException(Path file, long offset, String message) {
    super(describe(file, offset, message));
    this.file = file;
    this.offset = offset;
  }

  public BadDataException(Path file, String message) {
    this(file, -1, message);
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }

  private static String describe(Path file, long offset, String message) {
    return file + (offset >= 0 ? " (byte " + offset + ")" : "") + ": " + message;
  }
}

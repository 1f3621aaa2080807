package org.fraction.inference;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that its final name only ever holds a complete file: the content goes to {@code
 * .NAME.tmp} beside it, is forced to disk and renamed. On any failure the temporary file is removed
 * and the error names the file and the reason (a full disk said as such).
 */
public final class AtomicWrite {

  /** Writes the content to the given temporary path. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Path tmp) throws IOException;
  }

  private AtomicWrite() {}

  public static void write(Path file, Content content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    if (Files.isDirectory(file)) {
      throw new IOException("cannot write " + file + ": it is a directory");
    }
    Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      content.writeTo(tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IOException("cannot write " + file + ": " + reason(e), e);
    }
    syncDirectory(dir);
  }

  /** The innermost message of the failure, and "the disk is full" when that is what it says. */
  public static String reason(Throwable e) {
    String message = e.toString();
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        message = c.getMessage();
        if (message.contains("No space left on device")) {
          return "the disk is full (No space left on device)";
        }
      }
    }
    return message;
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every file system lets a directory be synced; the rename itself is still atomic
    }
  }
}

package org.fraction.mlflow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * File writes that a killed process cannot leave half done where a reader looks: whole files are
 * written beside their place (in a directory readers do not list) and moved in at once; appended
 * lines go in one write, after cutting a line a crash left short.
 */
final class AtomicFiles {

  private AtomicFiles() {}

  /** Writes {@code target} in full or not at all, its temporary file in {@code scratch}. */
  static void write(Path target, byte[] content, Path scratch) throws IOException {
    Path tmp = scratch.resolve(".tmp-" + UUID.randomUUID() + "-" + target.getFileName());
    try {
      try (FileChannel c =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          c.write(buffer);
        }
        c.force(true);
      }
      moveIn(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static void write(Path target, String content, Path scratch) throws IOException {
    write(target, content.getBytes(StandardCharsets.UTF_8), scratch);
  }

  /**
   * Copies {@code source} to {@code target} in full or not at all, its temporary file in {@code
   * scratch}.
   */
  static void copy(Path source, Path target, Path scratch) throws IOException {
    Path tmp = scratch.resolve(".tmp-" + UUID.randomUUID() + "-" + target.getFileName());
    try {
      Files.copy(source, tmp);
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        c.force(true);
      }
      moveIn(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void moveIn(Path tmp, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Appends whole lines (each ending in a newline) in one write, first cutting off a last line a
   * crash left without its newline, which a reader could not parse.
   */
  static void appendLines(Path file, String lines) throws IOException {
    Files.createDirectories(file.getParent());
    try (FileChannel c =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long end = completeLength(c);
      if (end < c.size()) {
        c.truncate(end);
      }
      ByteBuffer buffer = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
      long at = end;
      while (buffer.hasRemaining()) {
        at += c.write(buffer, at);
      }
      c.force(false);
    }
  }

  /** The length of the file up to and including its last newline. */
  private static long completeLength(FileChannel c) throws IOException {
    long end = c.size();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (end > 0) {
      one.clear();
      c.read(one, end - 1);
      if (one.get(0) == '\n') {
        break;
      }
      end--;
    }
    return end;
  }
}

package org.fraction.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails (a full disk, injected) names the file and the reason and leaves no file
 * behind.
 */
class AtomicWriteTest {

  @TempDir Path dir;

  private static AtomicWrite.Content halfWrittenThen(Exception failure) {
    return tmp -> {
      Files.write(tmp, new byte[4096]);
      if (failure instanceof IOException io) {
        throw io;
      }
      throw (RuntimeException) failure;
    };
  }

  private long files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void aFullDiskIsNamedWithTheFileAndLeavesNoTemporaryFile() throws Exception {
    Path round = dir.resolve("round-1.h5");
    assertThatThrownBy(
            () ->
                AtomicWrite.write(
                    round, halfWrittenThen(new IOException("No space left on device"))))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot write " + round + ": the disk is full (No space left on device)");
    assertThat(files()).isZero();
  }

  @Test
  void aFailureInsideTheWriterIsNamedToo() throws Exception {
    Path checkpoint = dir.resolve("round-0.partial.h5");
    Files.writeString(checkpoint, "the previous checkpoint");
    RuntimeException wrapped = new UncheckedIOException(new IOException("Input/output error"));
    assertThatThrownBy(() -> AtomicWrite.write(checkpoint, halfWrittenThen(wrapped)))
        .hasMessage("cannot write " + checkpoint + ": Input/output error");
    assertThat(files()).as("only the previous file, untouched").isOne();
    assertThat(Files.readString(checkpoint)).isEqualTo("the previous checkpoint");
  }

  @Test
  void aDirectoryInTheWayIsNamed() throws Exception {
    Path target = Files.createDirectory(dir.resolve("model.h5"));
    assertThatThrownBy(() -> AtomicWrite.write(target, tmp -> Files.writeString(tmp, "x")))
        .hasMessage("cannot write " + target + ": it is a directory");
    assertThat(files()).isOne();
  }
}

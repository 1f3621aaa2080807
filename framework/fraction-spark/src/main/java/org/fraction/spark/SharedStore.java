package org.fraction.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The run store must be one filesystem seen at the same path by the driver and every executor. The
 * driver leaves a marker file in it for the run; a task first looks for the marker (a node with a
 * local directory of the same name does not have it) and then writes a probe file.
 */
final class SharedStore {

  static final long MARKER_WAIT_MILLIS = 10_000;

  private SharedStore() {}

  /** Writes this run's marker into {@code directory} (created if needed) and returns it. */
  static Path mark(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path marker = directory.resolve(".spark-run-" + UUID.randomUUID() + ".marker");
    Files.writeString(
        marker,
        "written by the driver of a fraction run on Spark; removed when the run ends\n",
        StandardCharsets.UTF_8);
    return marker;
  }

  /**
   * Checks from an executor that {@code marker} is visible and its directory writable.
   *
   * @param where the executor, for the message
   * @throws RunStoreException when it is not
   */
  static void check(Path root, Path marker, String where) {
    check(root, marker, where, MARKER_WAIT_MILLIS);
  }

  static void check(Path root, Path marker, String where, long waitMillis) {
    long deadline = System.currentTimeMillis() + waitMillis;
    // Network filesystems may show a new file to other clients a moment later.
    while (!Files.isRegularFile(marker)) {
      if (System.currentTimeMillis() > deadline) {
        throw new RunStoreException(
            "executor "
                + where
                + " does not see the run store "
                + root
                + " that the driver writes to ("
                + marker.getFileName()
                + " is missing there): the run store (--out) must be a shared filesystem mounted at"
                + " the same path on the driver and on every executor");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RunStoreException("interrupted while looking for the run store " + root);
      }
    }
    try {
      Path probe = Files.createTempFile(marker.getParent(), ".probe-", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new RunStoreException(
          "executor "
              + where
              + " cannot write the run store "
              + root
              + " ("
              + e
              + "): the run store (--out) must be a shared filesystem that every executor can"
              + " write");
    }
  }

  /** The run store is not usable from an executor. */
  static final class RunStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RunStoreException(String message) {
      super(message);
    }
  }
}

package org.fraction.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedStoreTest {

  @TempDir Path dir;

  @Test
  void anExecutorThatSeesTheDriversMarkerAndCanWritePasses() throws Exception {
    Path marker = SharedStore.mark(dir.resolve("runs").resolve("wf"));
    assertThat(marker).isRegularFile();
    SharedStore.check(dir.resolve("runs"), marker, "host-a executor 1", 0);
    try (var files = Files.list(marker.getParent())) {
      assertThat(files).containsExactly(marker);
    }
  }

  @Test
  void anExecutorThatDoesNotSeeTheMarkerIsOnAnotherFilesystem() {
    Path root = dir.resolve("runs");
    assertThatThrownBy(
            () ->
                SharedStore.check(
                    root, root.resolve("wf/.spark-run-x.marker"), "host-b executor 2", 300))
        .isInstanceOf(SharedStore.RunStoreException.class)
        .hasMessageStartingWith("executor host-b executor 2 does not see the run store " + root)
        .hasMessageContaining(
            "must be a shared filesystem mounted at the same path on the driver and on every"
                + " executor");
  }

  @Test
  void anExecutorThatCannotWriteTheStoreSaysSo() {
    // Read-only for every user, root included.
    Path marker = Path.of("/proc/version");
    assertThatThrownBy(() -> SharedStore.check(Path.of("/proc"), marker, "host-c executor 3", 0))
        .isInstanceOf(SharedStore.RunStoreException.class)
        .hasMessageStartingWith("executor host-c executor 3 cannot write the run store /proc")
        .hasMessageEndingWith(
            "the run store (--out) must be a shared filesystem that every executor can write");
  }
}

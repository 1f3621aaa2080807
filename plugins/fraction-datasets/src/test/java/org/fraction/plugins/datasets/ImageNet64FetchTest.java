package org.fraction.plugins.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.fraction.plugins.datasets.testing.DataFiles;
import org.fraction.plugins.datasets.testing.DataFiles.Numpy;
import org.fraction.spi.data.FetchListener;
import org.fraction.spi.data.Split;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code data fetch imagenet64 --from DIR}: the files, or the official zip archives, from a folder.
 */
class ImageNet64FetchTest {

  @TempDir Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty("fraction.data");
    System.clearProperty("fraction.data.mirror");
  }

  private ImageNet64Dataset fetchFrom(Path mirror) throws IOException {
    System.setProperty("fraction.data", dir.resolve("data").toString());
    System.setProperty("fraction.data.mirror", mirror.toString());
    ImageNet64Dataset d = new ImageNet64Dataset(new ImageNet64Settings(null));
    d.prepare(FetchListener.SILENT);
    return d;
  }

  @Test
  void takesTheFilesFromTheFolder() throws IOException {
    DataFiles.imagenet64(dir.resolve("downloads"), Numpy.V2, "--format", "npz");
    ImageNet64Dataset d = fetchFrom(dir.resolve("downloads"));
    assertThat(dir.resolve("data/imagenet64/train_data_batch_10.npz")).exists();
    ImageNet64ReaderTest.checkShard(d.shards(Split.TEST).get(0), 0, 0, 4);
  }

  @Test
  void unpacksTheOfficialArchives() throws IOException {
    Path made = DataFiles.imagenet64(dir.resolve("made"), Numpy.V1, "--protocol", "3");
    Path downloads = Files.createDirectories(dir.resolve("downloads"));
    zip(made, downloads.resolve("Imagenet64_train_part1.zip"), "Imagenet64_train_part1/", 1, 5);
    zip(made, downloads.resolve("Imagenet64_train_part2.zip"), "Imagenet64_train_part2/", 6, 10);
    zip(made, downloads.resolve("Imagenet64_val.zip"), "", 0, 0);
    ImageNet64Dataset d = fetchFrom(downloads);
    assertThat(d.info().trainSize()).isEqualTo(30);
    ImageNet64ReaderTest.checkShard(d.shards(Split.TRAIN).get(6), 7, 0, 3);
    try (var files = Files.list(dir.resolve("data/imagenet64"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .hasSize(11)
          .noneMatch(n -> n.startsWith(".fetch-"));
    }
  }

  private static void zip(Path from, Path zip, String folder, int first, int last)
      throws IOException {
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      for (int b = first; b <= last; b++) {
        String name = b == 0 ? "val_data" : "train_data_batch_" + b;
        out.putArchiveEntry(new ZipArchiveEntry(folder + name));
        Files.copy(from.resolve(name), out);
        out.closeArchiveEntry();
      }
    }
  }
}

package org.fraction.plugins.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.fraction.plugins.datasets.testing.DataFiles;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.data.ExampleReader;
import org.fraction.spi.data.FetchListener;
import org.fraction.spi.data.Shard;
import org.fraction.spi.data.Split;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarTest {

  @TempDir Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty("fraction.data");
    System.clearProperty("fraction.data.mirror");
  }

  private static CifarDataset cifar10(Path path) {
    return new CifarDataset(CifarSource.CIFAR_10, path, false);
  }

  private static CifarDataset cifar100(Path path, boolean coarse) {
    return new CifarDataset(CifarSource.CIFAR_100, path, coarse);
  }

  @Test
  void readsCifar10RecordByRecordFromTheFolderOrItsParent() throws IOException {
    Path folder = DataFiles.cifar10(dir, 4, 3);
    for (Path path : List.of(dir, folder)) {
      CifarDataset d = cifar10(path);
      d.prepare(FetchListener.SILENT);
      DatasetInfo info = d.info();
      assertThat(info.trainSize()).isEqualTo(20);
      assertThat(info.testSize()).isEqualTo(3);
      assertThat(info.classes()).isEqualTo(10);
      assertThat(info.shape().toString()).isEqualTo("32x32x3");
      List<Shard> train = d.shards(Split.TRAIN);
      assertThat(train)
          .extracting(Shard::name)
          .containsExactly(
              folder.resolve("data_batch_1.bin").toString(),
              folder.resolve("data_batch_2.bin").toString(),
              folder.resolve("data_batch_3.bin").toString(),
              folder.resolve("data_batch_4.bin").toString(),
              folder.resolve("data_batch_5.bin").toString());
      for (int b = 1; b <= 5; b++) {
        int batch = b;
        check(train.get(b - 1), b, 4, k -> DataFiles.cifar10Label(batch, k));
      }
      check(d.shards(Split.TEST).get(0), 0, 3, k -> DataFiles.cifar10Label(0, k));
    }
  }

  @Test
  void readsCifar100FineByDefaultAndCoarseOnRequest() throws IOException {
    DataFiles.cifar100(dir, 6, 2);
    CifarDataset fine = cifar100(dir, false);
    fine.prepare(FetchListener.SILENT);
    assertThat(fine.info().classes()).isEqualTo(100);
    assertThat(fine.info().trainSize()).isEqualTo(6);
    check(fine.shards(Split.TRAIN).get(0), 1, 6, k -> DataFiles.cifar100Fine(1, k));
    check(fine.shards(Split.TEST).get(0), 0, 2, k -> DataFiles.cifar100Fine(0, k));
    CifarDataset coarse = cifar100(dir, true);
    assertThat(coarse.info().classes()).isEqualTo(20);
    check(coarse.shards(Split.TRAIN).get(0), 1, 6, k -> DataFiles.cifar100Coarse(1, k));
  }

  @Test
  void aTruncatedBatchIsNotAWholeNumberOfRecords() throws IOException {
    Path folder = DataFiles.cifar10(dir, 4, 3);
    DataFiles.truncate(folder.resolve("data_batch_2.bin"), 4 * 3073 - 100);
    assertThat(prepareFails(cifar10(dir)))
        .hasMessageContaining(
            "data_batch_2.bin (byte 9219): is 12192 bytes, not a whole number of 3073-byte records"
                + " (1 label byte + 3072 pixel bytes): the last record is cut short after 2973"
                + " bytes");
  }

  @Test
  void aBatchCutAtARecordBoundaryIsShorterThanTheOthers() throws IOException {
    Path folder = DataFiles.cifar10(dir, 4, 3);
    DataFiles.truncate(folder.resolve("data_batch_4.bin"), 3 * 3073);
    assertThat(prepareFails(cifar10(dir)))
        .hasMessageContaining(
            "data_batch_4.bin (byte 9219): holds 3 records, but data_batch_1.bin holds 4");
  }

  @Test
  void recordsOfTheWrongSize() throws IOException {
    // CIFAR-100 files (3074-byte records) where CIFAR-10's belong.
    DataFiles.cifar100(dir, 5, 5);
    Path folder = Files.createDirectories(dir.resolve("c10"));
    for (String name : CifarSource.CIFAR_10.files()) {
      Files.copy(dir.resolve("cifar-100-binary/train.bin"), folder.resolve(name));
    }
    assertThat(prepareFails(cifar10(folder)))
        .hasMessageContaining(
            "data_batch_1.bin (byte 15365): is 15370 bytes, not a whole"
                + " number of 3073-byte records");
  }

  @Test
  void aLabelOutOfRangeIsLocatedToItsByte() throws IOException {
    Path folder = DataFiles.cifar10(dir, 4, 3);
    byte[] test = Files.readAllBytes(folder.resolve("test_batch.bin"));
    test[2 * 3073] = 10;
    Files.write(folder.resolve("test_batch.bin"), test);
    CifarDataset d = cifar10(dir);
    d.prepare(FetchListener.SILENT);
    assertThat(readAll(d.shards(Split.TEST).get(0)))
        .isInstanceOf(BadDataException.class)
        .hasMessageContaining(
            "test_batch.bin (byte 6146): label 10 of record 2 is out of range 0..9");
  }

  @Test
  void aCifar100FineLabelOutOfRange() throws IOException {
    Path folder = DataFiles.cifar100(dir, 3, 2);
    byte[] train = Files.readAllBytes(folder.resolve("train.bin"));
    train[3074 + 1] = (byte) 100;
    Files.write(folder.resolve("train.bin"), train);
    CifarDataset d = cifar100(dir, true);
    assertThat(readAll(d.shards(Split.TRAIN).get(0)))
        .isInstanceOf(BadDataException.class)
        .hasMessageContaining(
            "train.bin (byte 3075): fine label 100 of record 1 is out of range 0..99");
  }

  @Test
  void aMissingBatch() throws IOException {
    Path folder = DataFiles.cifar10(dir, 4, 3);
    Files.delete(folder.resolve("data_batch_5.bin"));
    assertThat(prepareFails(cifar10(dir)))
        .hasMessageContaining(folder + ": is missing data_batch_5.bin");
  }

  @Test
  void fetchesFromAMirrorVerifiesTheArchiveAndUnpacksIt() throws IOException {
    Path files = DataFiles.cifar10(dir.resolve("made"), 2, 2);
    Path mirror = Files.createDirectories(dir.resolve("mirror"));
    Path archive = mirror.resolve("cifar-10-binary.tar.gz");
    tarGz(files, archive);
    Path root = dir.resolve("data");
    new ArchiveFetcher(
            "cifar-10",
            "cifar-10-binary.tar.gz",
            ArchiveFetcher.md5(archive),
            "cifar-10-batches-bin",
            CifarSource.CIFAR_10.files(),
            FetchListener.SILENT)
        .fetch(root, mirror, List.of());
    CifarDataset d = cifar10(root);
    d.prepare(FetchListener.SILENT);
    check(d.shards(Split.TRAIN).get(2), 3, 2, k -> DataFiles.cifar10Label(3, k));
    assertThat(root.resolve("cifar-10-batches-bin/batches.meta.txt")).exists();
    try (var left = Files.list(root)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("cifar-10-batches-bin");
    }
  }

  @Test
  void anArchiveThatIsNotThePublishedOneIsRejected() throws IOException {
    Path files = DataFiles.cifar10(dir.resolve("made"), 2, 2);
    Path mirror = Files.createDirectories(dir.resolve("mirror"));
    tarGz(files, mirror.resolve("cifar-10-binary.tar.gz"));
    System.setProperty("fraction.data", dir.resolve("data").toString());
    System.setProperty("fraction.data.mirror", mirror.toString());
    assertThat(prepareFails(cifar10(null)))
        .hasMessageContaining("cifar-10-binary.tar.gz: MD5 is ")
        .hasMessageContaining("expected the published c32a1d4ab5d03f1284b67883e8d87530");
    assertThat(dir.resolve("data/cifar-10/cifar-10-batches-bin")).doesNotExist();
  }

  @Test
  void withoutAMirrorOrNetworkTheErrorListsWhatWasTried() throws IOException {
    System.setProperty("fraction.data", dir.resolve("data").toString());
    Throwable t =
        catchThrowable(
            () ->
                new ArchiveFetcher(
                        "cifar-100",
                        "cifar-100-binary.tar.gz",
                        CifarSource.CIFAR_100.md5,
                        "cifar-100-binary",
                        CifarSource.CIFAR_100.files(),
                        FetchListener.SILENT)
                    .fetch(
                        dir.resolve("data"),
                        dir.resolve("empty-mirror"),
                        List.of("http://127.0.0.1:9/")));
    assertThat(t)
        .isInstanceOf(BadDataException.class)
        .hasMessageContaining("could not fetch cifar-100")
        .hasMessageContaining("no cifar-100-binary.tar.gz")
        .hasMessageContaining("http://127.0.0.1:9/cifar-100-binary.tar.gz");
  }

  static void tarGz(Path folder, Path archive) throws IOException {
    try (OutputStream out = Files.newOutputStream(archive);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      try (var list = Files.list(folder)) {
        for (Path f : list.sorted().toList()) {
          TarArchiveEntry e =
              new TarArchiveEntry(f.toFile(), folder.getFileName() + "/" + f.getFileName());
          tar.putArchiveEntry(e);
          Files.copy(f, tar);
          tar.closeArchiveEntry();
        }
      }
    }
  }

  private static BadDataException prepareFails(CifarDataset d) {
    Throwable t = catchThrowable(() -> d.prepare(FetchListener.SILENT));
    assertThat(t).isInstanceOf(BadDataException.class);
    return (BadDataException) t;
  }

  private static Throwable readAll(Shard shard) {
    return catchThrowable(
        () -> {
          try (ExampleReader r = shard.open()) {
            byte[] image = new byte[3072];
            while (r.next(image, 0) >= 0) {
              // reads on
            }
          }
        });
  }

  private static void check(
      Shard shard, int b, int count, java.util.function.IntUnaryOperator label) throws IOException {
    assertThat(shard.size()).isEqualTo(count);
    byte[] image = new byte[3072];
    try (ExampleReader r = shard.open()) {
      for (int k = 0; k < count; k++) {
        assertThat(r.next(image, 0))
            .as(shard.name() + " record " + k)
            .isEqualTo(label.applyAsInt(k));
        for (int j = 0; j < image.length; j++) {
          if ((image[j] & 0xFF) != DataFiles.cifarPixel(b, k, j)) {
            throw new AssertionError(shard.name() + " record " + k + " byte " + j);
          }
        }
      }
      assertThat(r.next(image, 0)).isEqualTo(-1);
    }
  }
}

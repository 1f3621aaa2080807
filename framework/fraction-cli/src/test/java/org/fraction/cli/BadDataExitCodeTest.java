package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.fraction.plugins.datasets.testing.DataFiles;
import org.fraction.plugins.datasets.testing.DataFiles.Numpy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad data file stops `fraction run` (or `data fetch`) with exit code 2 and names the
 * file.
 */
class BadDataExitCodeTest {

  @TempDir Path dir;

  private CliRun run(String dataset) throws IOException {
    Path f = dir.resolve("w.yaml");
    Files.writeString(
        f,
        """
        name: bad-data
        dataset: %s
        model: {type: tiny-mlp}
        training: {epochs: 1, batch-size: 8, optimizer: {type: sgd, lr: 0.01}}
        """
            .formatted(dataset));
    return CliRun.of("run", f.toString(), "--out", dir.resolve("runs").toString());
  }

  private static void exitsTwoNaming(CliRun r, Path file, String what) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("fraction: " + file).contains(what).doesNotContain("\tat ");
  }

  @Test
  void cifarTruncatedBatch() throws IOException {
    Path folder = DataFiles.cifar10(dir, 3, 2);
    DataFiles.truncate(folder.resolve("data_batch_3.bin"), 3 * 3073 - 1);
    exitsTwoNaming(
        run("{type: cifar-10, path: " + dir + "}"),
        folder.resolve("data_batch_3.bin"),
        "(byte 6146): is 9218 bytes, not a whole number of 3073-byte records");
  }

  @Test
  void cifarRecordsOfTheWrongSize() throws IOException {
    Path folder =
        DataFiles.cifar100(
            dir, 8, 2); // as many training images as one batch: the batch size is valid
    Files.write(folder.resolve("test.bin"), new byte[3 * 3073]);
    exitsTwoNaming(
        run("{type: cifar-100, path: " + folder + "}"),
        folder.resolve("test.bin"),
        "not a whole number of 3074-byte records (2 label bytes + 3072 pixel bytes)");
  }

  @Test
  void cifarLabelOutOfRange() throws IOException {
    Path folder = DataFiles.cifar10(dir, 3, 2);
    byte[] batch = Files.readAllBytes(folder.resolve("data_batch_2.bin"));
    batch[3073] = (byte) 200;
    Files.write(folder.resolve("data_batch_2.bin"), batch);
    exitsTwoNaming(
        run("{type: cifar-10, path: " + dir + "}"),
        folder.resolve("data_batch_2.bin"),
        "(byte 3073): label 200 of record 1 is out of range 0..9");
  }

  @Test
  void cifarMissingBatch() throws IOException {
    Path folder = DataFiles.cifar10(dir, 3, 2);
    Files.delete(folder.resolve("data_batch_1.bin"));
    exitsTwoNaming(
        run("{type: cifar-10, path: " + dir + "}"), folder, "is missing data_batch_1.bin");
  }

  @Test
  void imagenetPickleThatIsNotADict() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V1, "--variant", "not-a-dict", "--protocol", "2");
    exitsTwoNaming(
        run("{type: imagenet64, path: " + dir + "}"),
        dir.resolve("train_data_batch_3"),
        "(byte 0): is not the expected pickle");
  }

  @Test
  void imagenetNpzWithoutLabels() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--format", "npz", "--variant", "no-labels");
    exitsTwoNaming(
        run("{type: imagenet64, path: " + dir + "}"),
        dir.resolve("train_data_batch_3.npz"),
        "has no 'labels' array");
  }

  @Test
  void imagenetNpzWithoutData() throws IOException {
    DataFiles.imagenet64(
        dir, Numpy.V2, "--format", "npz-compressed", "--variant", "no-data", "--broken", "9");
    exitsTwoNaming(
        run("{type: imagenet64, path: " + dir + "}"),
        dir.resolve("train_data_batch_9.npz"),
        "has no 'data' array");
  }

  @Test
  void imagenetLabelOutOfRange() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--variant", "label-1001", "--broken", "10");
    exitsTwoNaming(
        run("{type: imagenet64, path: " + dir + "}"),
        dir.resolve("train_data_batch_10"),
        "labels[2] is 1001, outside the class numbers 1..1000");
  }

  @Test
  void imagenetTruncatedPickle() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--protocol", "4");
    DataFiles.truncate(dir.resolve("train_data_batch_1"), 30_000);
    exitsTwoNaming(
        run("{type: imagenet64, path: " + dir + "}"),
        dir.resolve("train_data_batch_1"),
        "truncated");
  }

  @Test
  void imagenetMissingBatch() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2);
    Files.delete(dir.resolve("train_data_batch_4"));
    exitsTwoNaming(
        run("{type: imagenet64, path: " + dir + "}"), dir, "is missing train_data_batch_4");
  }

  @Test
  void idxWrongMagicNumber() throws IOException {
    Path mnist = Files.createDirectories(dir.resolve("mnist"));
    idx(
        mnist.resolve("train-images-idx3-ubyte.gz"),
        0x00000803,
        new int[] {60000, 28, 28},
        60000 * 784);
    idx(mnist.resolve("train-labels-idx1-ubyte.gz"), 0x00000803, new int[] {60000}, 60000);
    idx(
        mnist.resolve("t10k-images-idx3-ubyte.gz"),
        0x00000803,
        new int[] {10000, 28, 28},
        10000 * 784);
    idx(mnist.resolve("t10k-labels-idx1-ubyte.gz"), 0x00000801, new int[] {10000}, 10000);
    exitsTwoNaming(
        run("{type: mnist, path: " + mnist + "}"),
        mnist.resolve("train-labels-idx1-ubyte.gz"),
        "(byte 3): has 3 dimensions, expected 1");
  }

  @Test
  void fetchingImageNet64SaysWhereToGetIt() {
    CliRun r = CliRun.of("data", "fetch", "imagenet64", "--dir", dir.toString());
    exitsTwoNaming(r, dir.resolve("imagenet64"), "needs a login");
    assertThat(r.err())
        .contains("https://image-net.org/download-images")
        .contains("Imagenet64_val.zip")
        .contains("unpack them into " + dir.resolve("imagenet64"));
  }

  @Test
  void fetchingCifarFromAFolderRejectsAnArchiveThatIsNotThePublishedOne() throws IOException {
    Path mirror = Files.createDirectories(dir.resolve("downloads"));
    Files.writeString(mirror.resolve("cifar-10-binary.tar.gz"), "not the archive");
    CliRun r =
        CliRun.of(
            "data",
            "fetch",
            "cifar-10",
            "--dir",
            dir.resolve("data").toString(),
            "--from",
            mirror.toString());
    exitsTwoNaming(
        r,
        mirror.resolve("cifar-10-binary.tar.gz"),
        "expected the published c32a1d4ab5d03f1284b67883e8d87530");
  }

  private static void idx(Path file, int magic, int[] dims, int dataBytes) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + dataBytes);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(b.array());
    }
  }
}

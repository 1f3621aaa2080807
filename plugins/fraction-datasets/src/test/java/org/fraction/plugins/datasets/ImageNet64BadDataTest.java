package org.fraction.plugins.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fraction.plugins.datasets.testing.DataFiles;
import org.fraction.plugins.datasets.testing.DataFiles.Numpy;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.ExampleReader;
import org.fraction.spi.data.FetchListener;
import org.fraction.spi.data.Shard;
import org.fraction.spi.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way an ImageNet64 file can be wrong gets a message naming the file and what is wrong. */
class ImageNet64BadDataTest {

  @TempDir Path dir;

  private ImageNet64Dataset dataset() {
    return new ImageNet64Dataset(new ImageNet64Settings(dir));
  }

  private BadDataException prepareFails() {
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> dataset().prepare(FetchListener.SILENT));
    assertThat(t).isInstanceOf(BadDataException.class);
    return (BadDataException) t;
  }

  @Test
  void aPickleThatIsNotADict() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--variant", "not-a-dict");
    BadDataException e = prepareFails();
    assertThat(e.file()).isEqualTo(dir.resolve("train_data_batch_3"));
    assertThat(e.getMessage())
        .contains("train_data_batch_3 (byte 0): is not the expected pickle")
        .contains("it holds a list");
  }

  @Test
  void aPickleWithoutData() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V1, "--variant", "no-data");
    assertThat(prepareFails().getMessage())
        .contains("train_data_batch_3: the pickled dict has no 'data' (keys: ")
        .contains("labels")
        .contains("mean");
  }

  @Test
  void aPickleWithoutLabels() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--variant", "no-labels", "--protocol", "2");
    assertThat(prepareFails().getMessage())
        .contains("train_data_batch_3: the pickled dict has no 'labels'");
  }

  @Test
  void anNpzWithoutData() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--format", "npz", "--variant", "no-data");
    assertThat(prepareFails().getMessage())
        .contains("train_data_batch_3.npz: has no 'data' array (arrays: labels, mean)");
  }

  @Test
  void anNpzWithoutLabels() throws IOException {
    DataFiles.imagenet64(
        dir, Numpy.V2, "--format", "npz-compressed", "--variant", "no-labels", "--broken", "0");
    assertThat(prepareFails().getMessage())
        .contains("val_data.npz: has no 'labels' array (arrays: data)");
  }

  @Test
  void anNpzThatIsNotAZip() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--format", "npz", "--variant", "not-a-dict");
    assertThat(prepareFails().getMessage())
        .contains("train_data_batch_3.npz: is not an npz (zip) file");
  }

  @Test
  void aLabelBelowOne() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--variant", "label-zero");
    assertThat(prepareFails().getMessage())
        .contains("train_data_batch_3: labels[2] is 0, outside the class numbers 1..1000");
  }

  @Test
  void aLabelAboveOneThousandInAStoredNpzIsLocatedToItsByte() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--format", "npz", "--variant", "label-1001");
    BadDataException e = prepareFails();
    assertThat(e.getMessage())
        .contains("train_data_batch_3.npz (byte ")
        .contains("labels[2] is 1001");
    // The int64 at that offset is the bad label.
    byte[] file = Files.readAllBytes(dir.resolve("train_data_batch_3.npz"));
    assertThat(
            java.nio.ByteBuffer.wrap(file, (int) e.offset(), 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong())
        .isEqualTo(1001);
  }

  @Test
  void imagesThatAreNotBytes() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V1, "--variant", "float-data", "--protocol", "4");
    assertThat(prepareFails().getMessage())
        .contains("train_data_batch_3: 'data' is an array of f4")
        .contains("expected uint8 of shape (N, 12288)");
  }

  @Test
  void imagesOfTheWrongSize() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--format", "npz", "--variant", "wrong-width");
    assertThat(prepareFails().getMessage())
        .contains("train_data_batch_3.npz: 'data' has shape [3, 12285]");
  }

  @Test
  void fewerLabelsThanImages() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--variant", "few-labels");
    assertThat(prepareFails().getMessage())
        .contains("train_data_batch_3: has 3 images but 2 labels");
  }

  @Test
  void aMissingBatch() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2);
    Files.delete(dir.resolve("train_data_batch_7"));
    BadDataException e = prepareFails();
    assertThat(e.file()).isEqualTo(dir);
    assertThat(e.getMessage())
        .contains("is missing train_data_batch_7")
        .contains("https://image-net.org/download-images");
  }

  @Test
  void aPickleCutInsideItsImages() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--protocol", "4");
    Path f = dir.resolve("train_data_batch_5");
    DataFiles.truncate(f, 20_000);
    assertThat(prepareFails().getMessage())
        .contains("train_data_batch_5 (byte ")
        .contains("truncated: a string of 36864 bytes starts at byte")
        .contains("but the file ends at byte 20000");
  }

  @Test
  void aPickleCutAfterItsImages() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V1, "--protocol", "2");
    Path f = dir.resolve("val_data");
    DataFiles.truncate(f, Files.size(f) - 10);
    assertThat(prepareFails().getMessage())
        .contains("val_data (byte ")
        .contains("truncated: the pickle ends before its STOP opcode");
  }

  @Test
  void aCompressedNpzCutShort() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--format", "npz-compressed");
    Path f = dir.resolve("train_data_batch_2.npz");
    DataFiles.truncate(f, Files.size(f) / 2);
    assertThat(prepareFails().getMessage())
        .contains("train_data_batch_2.npz: is not an npz (zip) file, or is truncated");
  }

  @Test
  void aFileThatIsNotAPickle() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2);
    Files.writeString(dir.resolve("train_data_batch_8"), "images,labels\n1,2\n");
    assertThat(prepareFails().getMessage())
        .contains("train_data_batch_8 (byte ")
        .contains("not a pickle of numpy arrays");
  }

  @Test
  void protocolTwoTextThatIsNotLatin1IsFoundWhenRead() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--protocol", "2", "--per-batch", "2");
    Path f = dir.resolve("train_data_batch_1");
    ImageNet64File index = ImageNet64File.read(f);
    long at = ((Pixels.Latin1Text) index.pixels()).offset() + 100;
    byte[] bytes = Files.readAllBytes(f);
    bytes[(int) at] = (byte) 0xE2; // a three-byte UTF-8 lead: a character above 255
    Files.write(f, bytes);
    ImageNet64Dataset d = dataset();
    d.prepare(FetchListener.SILENT);
    Shard shard = d.shards(Split.TRAIN).get(0);
    assertThatThrownBy(
            () -> {
              try (ExampleReader r = shard.open()) {
                r.next(new byte[DataFiles.IMAGENET_PIXELS], 0);
              }
            })
        .isInstanceOf(BadDataException.class)
        .hasMessageContaining(
            "train_data_batch_1 (byte "
                + at
                + "): the pickled image bytes are text with a character above 255");
  }

  @Test
  void errorsNameTheFileEvenForTheValidationSet() throws IOException {
    DataFiles.imagenet64(
        dir, Numpy.V2, "--variant", "label-1001", "--broken", "0", "--labels-array");
    assertThat(prepareFails().getMessage()).contains("val_data").contains("labels[3] is 1001");
  }

  @Test
  void theMessageTellsWhereToGetTheFilesWhenNoneArePresent() throws IOException {
    BadDataException e = prepareFails();
    assertThat(e.getMessage())
        .contains(
            "is missing train_data_batch_1",
            "val_data",
            "needs a login",
            "Imagenet64_train_part1.zip",
            "unpack them into " + dir.toAbsolutePath());
  }

  @Test
  void theIndexLocatesTheImageBytesInTheFile() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--protocol", "3");
    Path f = dir.resolve("train_data_batch_1");
    ImageNet64File index = ImageNet64File.read(f);
    long at = ((Pixels.Region) index.pixels()).offset();
    byte[] bytes = Files.readAllBytes(f);
    // The image bytes are where the index says: image 0 byte 1 of batch 1 is (7 + 11) % 256.
    assertThat(bytes[(int) at + 1] & 0xFF).isEqualTo(DataFiles.imagenetPixel(1, 0, 1));
    // Protocol 3, as the official files were written by Python 3 of 2017, names numpy's
    // reconstructor with GLOBAL.
    assertThat(new String(bytes, 0, 64, StandardCharsets.ISO_8859_1))
        .contains("numpy._core.multiarray\n_reconstruct");
    assertThat(List.of(index.labels())).isNotEmpty();
  }
}

package org.fraction.plugins.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.fraction.plugins.datasets.testing.DataFiles;
import org.fraction.plugins.datasets.testing.DataFiles.Numpy;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.data.ExampleReader;
import org.fraction.spi.data.FetchListener;
import org.fraction.spi.data.Shard;
import org.fraction.spi.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads ImageNet64 file sets written by Python as the official ones were, byte by byte. */
class ImageNet64ReaderTest {

  @TempDir Path dir;

  static Stream<Arguments> forms() {
    return Stream.of(
        Arguments.of(Numpy.V1, List.of("--protocol", "2")),
        Arguments.of(Numpy.V1, List.of("--protocol", "3")),
        Arguments.of(Numpy.V1, List.of("--protocol", "4")),
        Arguments.of(Numpy.V1, List.of("--protocol", "5")),
        Arguments.of(Numpy.V2, List.of("--protocol", "2")),
        Arguments.of(Numpy.V2, List.of("--protocol", "3")),
        Arguments.of(Numpy.V2, List.of("--protocol", "4")),
        Arguments.of(Numpy.V2, List.of("--protocol", "5")),
        Arguments.of(Numpy.V2, List.of("--protocol", "4", "--labels-array")),
        Arguments.of(Numpy.V1, List.of("--protocol", "2", "--labels-array")),
        Arguments.of(Numpy.V1, List.of("--format", "npz")),
        Arguments.of(Numpy.V2, List.of("--format", "npz")),
        Arguments.of(Numpy.V2, List.of("--format", "npz-compressed")));
  }

  @ParameterizedTest(name = "numpy {0} {1}")
  @MethodSource("forms")
  void readsEveryImageAndLabelOfEachForm(Numpy numpy, List<String> args) throws IOException {
    DataFiles.imagenet64(
        dir,
        numpy,
        Stream.concat(
                args.stream(), Stream.of("--per-batch", "3", "--last-batch", "5", "--val", "4"))
            .toArray(String[]::new));
    ImageNet64Dataset dataset = new ImageNet64Dataset(new ImageNet64Settings(dir));
    dataset.prepare(FetchListener.SILENT);
    DatasetInfo info = dataset.info();
    assertThat(info.trainSize()).isEqualTo(9 * 3 + 5);
    assertThat(info.testSize()).isEqualTo(4);
    assertThat(info.classes()).isEqualTo(1000);
    assertThat(info.shape().pixels()).isEqualTo(DataFiles.IMAGENET_PIXELS);

    // The images stay in the file: located (pickled bytes, stored npz), or streamed (text,
    // deflate).
    Class<?> expected =
        args.contains("npz-compressed")
            ? Pixels.CompressedNpz.class
            : args.contains("2") ? Pixels.Latin1Text.class : Pixels.Region.class;
    assertThat(dataset.index().values())
        .allSatisfy(f -> assertThat(f.pixels()).isInstanceOf(expected));

    List<Shard> train = dataset.shards(Split.TRAIN);
    assertThat(train).hasSize(10);
    for (int b = 1; b <= 10; b++) {
      checkShard(train.get(b - 1), b, 0, b == 10 ? 5 : 3);
    }
    List<Shard> test = dataset.shards(Split.TEST);
    assertThat(test).hasSize(1);
    checkShard(test.get(0), 0, 0, 4);
  }

  @Test
  void aRangeOfASeekableFileStartsAtItsFirstImage() throws IOException {
    DataFiles.imagenet64(dir, Numpy.V2, "--per-batch", "7", "--val", "2");
    ImageNet64File f = ImageNet64File.read(dir.resolve("train_data_batch_4"));
    assertThat(f.pixels()).isInstanceOf(Pixels.Region.class);
    checkShard(
        new FileShard(f.file(), f.pixels(), f.labels(), 3, 4, DataFiles.IMAGENET_PIXELS, false),
        4,
        3,
        4);
  }

  @Test
  void findsTheFilesOneFolderDownAsTheArchivesUnpackThem() throws IOException {
    DataFiles.imagenet64(dir.resolve("Imagenet64_train"), Numpy.V2, "--val", "2");
    ImageNet64Dataset dataset = new ImageNet64Dataset(new ImageNet64Settings(dir));
    dataset.prepare(FetchListener.SILENT);
    assertThat(dataset.info().testSize()).isEqualTo(2);
  }

  static void checkShard(Shard shard, int b, long first, long count) throws IOException {
    assertThat(shard.size()).isEqualTo(count);
    byte[] image = new byte[DataFiles.IMAGENET_PIXELS];
    try (ExampleReader r = shard.open()) {
      for (long k = first; k < first + count; k++) {
        int label = r.next(image, 0);
        assertThat(label)
            .as(shard.name() + " label " + k)
            .isEqualTo(DataFiles.imagenetLabel(b, k) - 1);
        for (int j = 0; j < image.length; j++) {
          if ((image[j] & 0xFF) != DataFiles.imagenetPixel(b, k, j)) {
            throw new AssertionError(
                shard.name()
                    + ": image "
                    + k
                    + " byte "
                    + j
                    + " is "
                    + (image[j] & 0xFF)
                    + ", expected "
                    + DataFiles.imagenetPixel(b, k, j));
          }
        }
      }
      assertThat(r.next(image, 0)).isEqualTo(-1);
    }
  }
}

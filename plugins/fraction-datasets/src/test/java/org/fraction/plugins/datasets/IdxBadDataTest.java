package org.fraction.plugins.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.FetchListener;
import org.fraction.spi.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MNIST-style IDX files that are wrong: magic number, truncation. */
class IdxBadDataTest {

  @TempDir Path dir;

  private static void idx(Path file, int magic, int[] dims, int dataBytes) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + dataBytes);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    try (var out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(b.array());
    }
  }

  private void mnistFiles(int imageMagic, int imageBytes) throws IOException {
    idx(
        dir.resolve("train-images-idx3-ubyte.gz"),
        imageMagic,
        new int[] {60000, 28, 28},
        imageBytes);
    idx(dir.resolve("train-labels-idx1-ubyte.gz"), 0x801, new int[] {60000}, 60000);
    idx(dir.resolve("t10k-images-idx3-ubyte.gz"), 0x803, new int[] {10000, 28, 28}, 10000 * 784);
    idx(dir.resolve("t10k-labels-idx1-ubyte.gz"), 0x801, new int[] {10000}, 10000);
  }

  @Test
  void aWrongMagicNumber() throws IOException {
    mnistFiles(
        0x00000D03, 60000 * 784); // element type 0x0D (float) instead of 0x08 (unsigned byte)
    IdxDataset d = new IdxDataset(IdxSource.MNIST, new IdxSettings(dir));
    d.prepare(FetchListener.SILENT);
    Throwable t = catchThrowable(() -> d.shards(Split.TRAIN).get(0).open());
    assertThat(t)
        .isInstanceOf(BadDataException.class)
        .hasMessageContaining(
            "train-images-idx3-ubyte.gz (byte 0): wrong magic number 0x00000D03, expected"
                + " 0x00000803");
  }

  @Test
  void aTruncatedImageFile() throws IOException {
    mnistFiles(0x803, 1000);
    IdxDataset d = new IdxDataset(IdxSource.MNIST, new IdxSettings(dir));
    Throwable t = catchThrowable(() -> d.shards(Split.TRAIN).get(0).open());
    assertThat(t)
        .isInstanceOf(BadDataException.class)
        .hasMessageContaining(
            "train-images-idx3-ubyte.gz (byte 1016): truncated: 1016 bytes, the header promises"
                + " 47040016");
  }
}

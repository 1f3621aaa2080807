package org.fraction.plugins.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.FetchListener;

/**
 * Takes ImageNet64 from a folder the user filled after logging in ({@code data fetch imagenet64
 * --from DIR}): the batch files themselves (linked where the file system allows, else copied), or
 * the official zip archives, unpacked. The release publishes no checksums; the files are checked
 * for their structure when indexed.
 */
final class ImageNet64Files {

  private ImageNet64Files() {}

  static void install(Path mirror, Path target, FetchListener listener) throws IOException {
    Path from =
        Files.isDirectory(mirror.resolve(ImageNet64Dataset.NAME))
            ? mirror.resolve(ImageNet64Dataset.NAME)
            : mirror;
    Files.createDirectories(target);
    for (String name : ImageNet64Dataset.names()) {
      Path f = ImageNet64Dataset.locate(from, name);
      if (f != null && ImageNet64Dataset.locate(target, name) == null) {
        listener.status("taking " + f);
        Path dest = target.resolve(f.getFileName());
        try {
          Files.createLink(dest, f);
        } catch (IOException | UnsupportedOperationException e) {
          Path tmp = target.resolve(".fetch-" + f.getFileName());
          Files.copy(f, tmp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
        }
      }
    }
    if (ImageNet64Dataset.missing(target).isEmpty()) {
      return;
    }
    try (DirectoryStream<Path> zips = Files.newDirectoryStream(from, "Imagenet64_*.zip")) {
      for (Path zip : zips) {
        unzip(zip, target, listener);
      }
    }
  }

  private static void unzip(Path archive, Path target, FetchListener listener) throws IOException {
    listener.status("unpacking " + archive);
    List<String> wanted = ImageNet64Dataset.names();
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
        String base = Path.of(e.getName()).getFileName().toString();
        String stem = base.endsWith(".npz") ? base.substring(0, base.length() - 4) : base;
        if (e.isDirectory()
            || !wanted.contains(stem)
            || ImageNet64Dataset.locate(target, stem) != null) {
          continue;
        }
        Path tmp = target.resolve(".fetch-" + base);
        try (InputStream in = zip.getInputStream(e)) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, target.resolve(base), StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new BadDataException(archive, "is not a complete zip archive: " + e.getMessage());
    }
  }
}

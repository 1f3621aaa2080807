package org.fraction.plugins.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.FetchListener;

/**
 * Fetches a data set published as one .tar.gz archive with an MD5 (CIFAR): from the mirror
 * directory ({@code --from}) if it holds the archive, else from the publisher's site; verifies the
 * archive's MD5, then unpacks its folder. The folder appears in the target only when complete.
 */
final class ArchiveFetcher {

  private final String dataset;
  private final String archive;
  private final String md5;
  private final String folder;
  private final List<String> files;
  private final FetchListener listener;

  ArchiveFetcher(
      String dataset,
      String archive,
      String md5,
      String folder,
      List<String> files,
      FetchListener listener) {
    this.dataset = dataset;
    this.archive = archive;
    this.md5 = md5;
    this.folder = folder;
    this.files = files;
    this.listener = listener;
  }

  void fetch(Path target, Path mirror, List<String> siteBases) throws IOException {
    Files.createDirectories(target);
    List<String> attempts = new ArrayList<>();
    Path staging = Files.createTempDirectory(target, ".fetch-");
    try {
      Path local = null;
      if (mirror != null) {
        for (Path candidate :
            List.of(mirror.resolve(dataset).resolve(archive), mirror.resolve(archive))) {
          if (Files.isRegularFile(candidate)) {
            local = candidate;
            break;
          }
        }
        if (local == null) {
          attempts.add("mirror " + mirror + ": no " + archive);
        }
      } else {
        attempts.add("mirror: none given (--from DIR or FRACTION_DATA_MIRROR)");
      }
      if (local == null) {
        for (String base : siteBases) {
          local = download(URI.create(base + archive), staging.resolve(archive), attempts);
          if (local != null) {
            break;
          }
        }
      }
      if (local == null) {
        throw new BadDataException(
            target, "could not fetch " + dataset + ":\n  " + String.join("\n  ", attempts));
      }
      listener.status("verifying " + local);
      String actual = md5(local);
      if (!actual.equals(md5)) {
        throw new BadDataException(
            local,
            "MD5 is "
                + actual
                + ", expected the published "
                + md5
                + " (the archive is corrupt, incomplete or not the official "
                + archive
                + ")");
      }
      listener.status("unpacking " + local);
      unpack(local, staging);
      for (String f : files) {
        if (!Files.isRegularFile(staging.resolve(folder).resolve(f))) {
          throw new BadDataException(local, "has no " + folder + "/" + f);
        }
      }
      Path dest = target.resolve(folder);
      deleteTree(dest);
      Files.move(staging.resolve(folder), dest, StandardCopyOption.ATOMIC_MOVE);
      listener.status(dataset + " is in " + dest);
    } finally {
      deleteTree(staging);
    }
  }

  private Path download(URI uri, Path to, List<String> attempts) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    listener.status("downloading " + uri);
    try {
      HttpResponse<Path> response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).GET().build(),
              HttpResponse.BodyHandlers.ofFile(to));
      if (response.statusCode() != 200) {
        attempts.add(uri + ": HTTP " + response.statusCode());
        return null;
      }
      return to;
    } catch (IOException e) {
      attempts.add(
          uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      attempts.add(uri + ": interrupted");
      return null;
    }
  }

  /** Unpacks the regular files under {@code folder/} (nothing else, and nothing outside it). */
  private void unpack(Path tgz, Path staging) throws IOException {
    Path root = staging.resolve(folder).normalize();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(tgz), 1 << 16)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path out = staging.resolve(entry.getName()).normalize();
        if (!entry.isFile() || !out.startsWith(root)) {
          continue;
        }
        Files.createDirectories(out.getParent());
        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      if (e instanceof BadDataException) {
        throw e;
      }
      throw new BadDataException(tgz, "is not a complete .tar.gz archive: " + e.getMessage());
    }
  }

  static String md5(Path file) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      try (InputStream in =
          new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), md)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

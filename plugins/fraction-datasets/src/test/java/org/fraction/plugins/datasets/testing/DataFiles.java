package org.fraction.plugins.datasets.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes small data sets in the exact published formats for tests: the CIFAR binary releases
 * directly, and Downsampled ImageNet 64x64 with Python ({@code scripts/imagenet64_files.py}),
 * pickled by numpy 2.x ({@code $FRACTION_PYTHON}, else {@code .venv/bin/python}, else {@code
 * python3}) or numpy 1.x ({@code $FRACTION_PYTHON_NUMPY1}, else {@code .venv-numpy1/bin/python});
 * {@code scripts/setup} makes both environments. Contents follow formulas, so tests can check every
 * byte read.
 */
public final class DataFiles {

  /** The numpy generation that pickles the files. */
  public enum Numpy {
    V1,
    V2
  }

  public static final int CIFAR_PIXELS = 3072;
  public static final int IMAGENET_PIXELS = 12288;

  private DataFiles() {}

  // ---- CIFAR ----

  /** CIFAR-10 label of record k of file b (b = 1..5 the training batches, 0 the test batch). */
  public static int cifar10Label(int b, int k) {
    return (b * 3 + k) % 10;
  }

  public static int cifarPixel(int b, int k, int j) {
    return (k * 5 + j * 3 + b) % 256;
  }

  public static int cifar100Coarse(int b, int k) {
    return (k + b) % 20;
  }

  public static int cifar100Fine(int b, int k) {
    return (k * 7 + b) % 100;
  }

  /**
   * {@code dir/cifar-10-batches-bin/} with data_batch_1..5.bin of {@code perBatch} records and
   * test_batch.bin.
   */
  public static Path cifar10(Path dir, int perBatch, int test) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
    for (int b = 0; b <= 5; b++) {
      int n = b == 0 ? test : perBatch;
      byte[] out = new byte[n * (1 + CIFAR_PIXELS)];
      for (int k = 0; k < n; k++) {
        int at = k * (1 + CIFAR_PIXELS);
        out[at] = (byte) cifar10Label(b, k);
        for (int j = 0; j < CIFAR_PIXELS; j++) {
          out[at + 1 + j] = (byte) cifarPixel(b, k, j);
        }
      }
      Files.write(folder.resolve(b == 0 ? "test_batch.bin" : "data_batch_" + b + ".bin"), out);
    }
    Files.writeString(
        folder.resolve("batches.meta.txt"),
        "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n");
    return folder;
  }

  /** {@code dir/cifar-100-binary/} with train.bin (file 1) and test.bin (file 0). */
  public static Path cifar100(Path dir, int train, int test) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("cifar-100-binary"));
    for (int b = 0; b <= 1; b++) {
      int n = b == 0 ? test : train;
      byte[] out = new byte[n * (2 + CIFAR_PIXELS)];
      for (int k = 0; k < n; k++) {
        int at = k * (2 + CIFAR_PIXELS);
        out[at] = (byte) cifar100Coarse(b, k);
        out[at + 1] = (byte) cifar100Fine(b, k);
        for (int j = 0; j < CIFAR_PIXELS; j++) {
          out[at + 2 + j] = (byte) cifarPixel(b, k, j);
        }
      }
      Files.write(folder.resolve(b == 0 ? "test.bin" : "train.bin"), out);
    }
    return folder;
  }

  // ---- ImageNet64 ----

  /** Label 1..1000 of image k of file b (train_data_batch_b, b = 0 for val_data), as written. */
  public static int imagenetLabel(int b, long k) {
    return (int) ((b * 1009L + k * 31) % 1000 + 1);
  }

  public static int imagenetPixel(int b, long k, int j) {
    return (int) ((k * 3 + j * 7L + b * 11) % 256);
  }

  /**
   * Runs {@code scripts/imagenet64_files.py dir args...} with the given numpy; by default 3 images
   * per training batch and 4 in val_data.
   */
  public static Path imagenet64(Path dir, Numpy numpy, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                python(numpy),
                repoRoot().resolve("scripts/imagenet64_files.py").toString(),
                dir.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (var in = p.getInputStream()) {
      output = new String(in.readAllBytes());
    }
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new AssertionError("writing ImageNet64 files failed: " + command + "\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return dir;
  }

  /** The interpreter for the given numpy generation (checked to import it). */
  public static String python(Numpy numpy) {
    String env = System.getenv(numpy == Numpy.V1 ? "FRACTION_PYTHON_NUMPY1" : "FRACTION_PYTHON");
    List<String> candidates = new ArrayList<>();
    if (env != null && !env.isBlank()) {
      candidates.add(env);
    }
    candidates.add(
        repoRoot()
            .resolve(numpy == Numpy.V1 ? ".venv-numpy1/bin/python" : ".venv/bin/python")
            .toString());
    if (numpy == Numpy.V2) {
      candidates.add("python3");
    }
    for (String c : candidates) {
      if (numpyMajor(c) == (numpy == Numpy.V1 ? 1 : 2)) {
        return c;
      }
    }
    throw new AssertionError(
        "no Python with numpy "
            + (numpy == Numpy.V1 ? "1.x" : "2.x")
            + " found (tried "
            + candidates
            + "); run scripts/setup, or set "
            + (numpy == Numpy.V1 ? "FRACTION_PYTHON_NUMPY1" : "FRACTION_PYTHON"));
  }

  private static int numpyMajor(String python) {
    try {
      Process p =
          new ProcessBuilder(python, "-c", "import numpy; print(numpy.__version__.split('.')[0])")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? Integer.parseInt(out) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The checkout's root: the nearest directory up from here with scripts/imagenet64_files.py. */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("scripts/imagenet64_files.py"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new AssertionError(
        "scripts/imagenet64_files.py not found above " + Path.of("").toAbsolutePath());
  }

  /** Cuts a file to its first {@code bytes} bytes. */
  public static void truncate(Path file, long bytes) throws IOException {
    try (var ch =
        java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(bytes);
    }
  }

  /** Writes bytes to a file. */
  public static void write(Path file, byte[] bytes) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(bytes);
    }
  }
}

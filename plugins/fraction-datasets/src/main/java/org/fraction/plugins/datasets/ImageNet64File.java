package org.fraction.plugins.datasets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fraction.plugins.datasets.numpy.NdArray;
import org.fraction.plugins.datasets.numpy.NpzArchive;
import org.fraction.plugins.datasets.numpy.NumpyUnpickler;
import org.fraction.plugins.datasets.numpy.Payload;
import org.fraction.spi.data.BadDataException;

/**
 * One file of Downsampled ImageNet 64x64 (Chrabaszcz, Loshchilov &amp; Hutter 2017), indexed
 * without reading its images: a Python pickle ({@code train_data_batch_1..10}, {@code val_data}) or
 * an npz with the same arrays. Both hold {@code data}, uint8 of shape (N, 12288), each row the
 * 64x64 R plane, then G, then B; {@code labels}, N class numbers 1..1000 (a list in the pickles, an
 * array in the npz files); and, in the training batches, {@code mean}. The labels are kept (as
 * 0..999); the images stay in the file.
 */
record ImageNet64File(Path file, long images, int[] labels, Pixels pixels) {

  static final int IMAGE_BYTES = 64 * 64 * 3;
  static final int CLASSES = 1000;

  /** Pickled byte strings from this size on stay in the file (one image is 12,288 bytes). */
  static final long LAZY_BYTES = 4096;

  private static final String EXPECTED =
      "a dict with 'data' (uint8, N x 12288) and 'labels' (N numbers 1..1000)";

  static ImageNet64File read(Path file) throws IOException {
    return file.getFileName().toString().endsWith(".npz") ? readNpz(file) : readPickle(file);
  }

  static ImageNet64File readPickle(Path file) throws IOException {
    Object top = NumpyUnpickler.load(file, LAZY_BYTES);
    if (!(top instanceof Map<?, ?> dict)) {
      throw new BadDataException(
          file, 0, "is not the expected pickle (" + EXPECTED + "): it holds " + pythonType(top));
    }
    Object data = dict.get("data");
    Object labels = dict.get("labels");
    if (data == null || labels == null) {
      throw new BadDataException(
          file,
          "the pickled dict has no '"
              + (data == null ? "data" : "labels")
              + "' (keys: "
              + keys(dict)
              + "); expected "
              + EXPECTED);
    }
    if (!(data instanceof NdArray array)) {
      throw new BadDataException(
          file, "'data' is " + pythonType(data) + ", not a numpy array; expected " + EXPECTED);
    }
    long n = checkShape(file, array);
    Pixels pixels;
    Object bytes = array.data();
    long need = n * IMAGE_BYTES;
    if (bytes instanceof Payload p && !p.text() && !p.latin1InUtf8()) {
      if (p.length() != need) {
        throw new BadDataException(
            file, p.offset(), "'data' holds " + p.length() + " bytes, its shape needs " + need);
      }
      pixels = new Pixels.Region(file, p.offset());
    } else if (bytes instanceof Payload p && p.latin1InUtf8()) {
      if (p.length() < need || p.length() > 2 * need) {
        throw new BadDataException(
            file,
            p.offset(),
            "'data' holds "
                + p.length()
                + " bytes of text, which cannot encode the "
                + need
                + " bytes its shape needs");
      }
      pixels = new Pixels.Latin1Text(file, p.offset(), p.length());
    } else if (bytes instanceof byte[] b) {
      if (b.length != need) {
        throw new BadDataException(
            file, "'data' holds " + b.length + " bytes, its shape needs " + need);
      }
      pixels = new Pixels.InMemory(b);
    } else {
      throw new BadDataException(
          file, "'data' holds " + pythonType(bytes) + ", not the bytes of a uint8 array");
    }
    long[] values;
    if (labels instanceof List<?> list) {
      values = new long[list.size()];
      for (int i = 0; i < values.length; i++) {
        if (!(list.get(i) instanceof Number number) || list.get(i) instanceof Double) {
          throw new BadDataException(
              file, "labels[" + i + "] is " + pythonType(list.get(i)) + ", not a whole number");
        }
        values[i] = number.longValue();
      }
    } else if (labels instanceof NdArray la
        && la.data() instanceof byte[] lb
        && la.shape().length == 1) {
      values = integers(file, la, lb);
    } else if (labels instanceof NdArray la
        && la.data() instanceof Payload lp
        && !lp.text()
        && la.shape().length == 1) {
      values = integers(file, la, readRegion(file, lp));
    } else {
      throw new BadDataException(
          file, "'labels' is " + pythonType(labels) + ", not a list of class numbers");
    }
    return new ImageNet64File(file, n, classes(file, values, n, -1, 0), pixels);
  }

  static ImageNet64File readNpz(Path file) throws IOException {
    try (NpzArchive npz = NpzArchive.open(file)) {
      NpzArchive.Entry data = npz.entry("data");
      NpzArchive.Entry labels = npz.entry("labels");
      if (data == null || labels == null) {
        throw new BadDataException(
            file,
            "has no '"
                + (data == null ? "data" : "labels")
                + "' array (arrays: "
                + String.join(", ", npz.arrays())
                + "); expected "
                + EXPECTED);
      }
      long n = checkShape(file, data.header().array());
      NdArray la = labels.header().array();
      if (la.shape().length != 1 || la.dtype() == null || !la.dtype().isInteger()) {
        throw new BadDataException(
            file, "'labels' is an " + la.describe() + ", not a 1-D integer array");
      }
      long[] values = integers(file, la, npz.readSmall(labels, 64 << 20));
      Pixels pixels =
          data.stored()
              ? new Pixels.Region(file, data.dataOffset())
              : new Pixels.CompressedNpz(file, "data");
      return new ImageNet64File(
          file,
          n,
          classes(
              file, values, n, labels.stored() ? labels.dataOffset() : -1, la.dtype().itemSize()),
          pixels);
    }
  }

  /** The images in {@code data}, after checking its dtype and shape. */
  private static long checkShape(Path file, NdArray data) throws BadDataException {
    long[] shape = data.shape();
    if (data.dtype() == null || !data.dtype().isUnsignedByte() || shape.length < 1) {
      throw new BadDataException(
          file, "'data' is an " + data.describe() + "; expected uint8 of shape (N, 12288)");
    }
    long n = shape[0];
    if (n == 0 || data.elements() / n != IMAGE_BYTES || data.elements() % n != 0) {
      throw new BadDataException(
          file,
          "'data' has shape "
              + java.util.Arrays.toString(shape)
              + "; expected (N, 12288): N images of 64x64 pixels, R, G and B planes");
    }
    if (data.fortranOrder() && n > 1) {
      throw new BadDataException(
          file, "'data' is stored in Fortran order; expected one image per row (C order)");
    }
    return n;
  }

  private static long[] integers(Path file, NdArray array, byte[] bytes) throws BadDataException {
    if (array.dtype() == null || !array.dtype().isInteger()) {
      throw new BadDataException(file, "'labels' is an " + array.describe() + ", not integers");
    }
    if (bytes.length != array.dataBytes()) {
      throw new BadDataException(
          file, "'labels' holds " + bytes.length + " bytes, its shape needs " + array.dataBytes());
    }
    return array.integers(bytes);
  }

  /**
   * Labels 1..1000 as 0..999; {@code offset} and {@code itemSize} locate label i for messages when
   * known.
   */
  private static int[] classes(Path file, long[] values, long images, long offset, int itemSize)
      throws BadDataException {
    if (values.length != images) {
      throw new BadDataException(
          file, "has " + images + " images but " + values.length + " labels");
    }
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 1 || values[i] > CLASSES) {
        throw new BadDataException(
            file,
            offset >= 0 ? offset + (long) i * itemSize : -1,
            "labels[" + i + "] is " + values[i] + ", outside the class numbers 1..1000");
      }
      out[i] = (int) values[i] - 1;
    }
    return out;
  }

  private static byte[] readRegion(Path file, Payload p) throws IOException {
    if (p.length() > 64 << 20) {
      throw new BadDataException(
          file, p.offset(), "'labels' is implausibly large (" + p.length() + " bytes)");
    }
    try (var ch = java.nio.channels.FileChannel.open(file)) {
      ByteBuffer b = ByteBuffer.allocate((int) p.length());
      while (b.hasRemaining() && ch.read(b, p.offset() + b.position()) > 0) {
        // reads until full
      }
      return b.array();
    }
  }

  private static String keys(Map<?, ?> dict) {
    List<String> out = new ArrayList<>();
    for (Object k : dict.keySet()) {
      out.add(String.valueOf(k));
    }
    return String.join(", ", out);
  }

  /** The Python type a value came from, for messages. */
  static String pythonType(Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof Map<?, ?>) {
      return "a dict";
    }
    if (v instanceof List<?>) {
      return "a list";
    }
    if (v instanceof Object[]) {
      return "a tuple";
    }
    if (v instanceof String) {
      return "a str";
    }
    if (v instanceof byte[]) {
      return "a bytes object";
    }
    if (v instanceof Number) {
      return "a number";
    }
    if (v instanceof NdArray a) {
      return "an " + a.describe();
    }
    if (v instanceof Payload) {
      return "a large string";
    }
    return "a " + v.getClass().getSimpleName();
  }
}

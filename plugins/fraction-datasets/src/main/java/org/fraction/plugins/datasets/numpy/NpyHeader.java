package org.fraction.plugins.datasets.numpy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of an .npy array (numpy's format: magic {@code \x93NUMPY}, version, header length,
 * then a Python dict literal with {@code descr}, {@code fortran_order} and {@code shape}).
 *
 * @param array the array's dtype and shape (no data)
 * @param bytes the header's length: the data starts this many bytes into the .npy
 */
public record NpyHeader(NdArray array, long bytes) {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** Reads the header from the start of an .npy stream; the stream is left at the data. */
  static NpyHeader read(InputStream in) throws IOException, Malformed {
    byte[] start = in.readNBytes(10);
    if (start.length < 10) {
      throw new Malformed(
          start.length, "truncated: " + start.length + " bytes, too short for an .npy header");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (start[i] != MAGIC[i]) {
        throw new Malformed(0, "is not an .npy array: wrong magic bytes");
      }
    }
    int major = start[6] & 0xFF;
    long length;
    int fixed;
    if (major == 1) {
      length = (start[8] & 0xFF) | (start[9] & 0xFF) << 8;
      fixed = 10;
    } else if (major == 2 || major == 3) {
      byte[] more = in.readNBytes(2);
      if (more.length < 2) {
        throw new Malformed(10, "truncated .npy header");
      }
      length =
          (start[8] & 0xFFL)
              | (start[9] & 0xFFL) << 8
              | (more[0] & 0xFFL) << 16
              | (more[1] & 0xFFL) << 24;
      fixed = 12;
    } else {
      throw new Malformed(6, "unknown .npy format version " + major);
    }
    byte[] text = in.readNBytes((int) Math.min(length, 1 << 20));
    if (text.length < length) {
      throw new Malformed(fixed + text.length, "truncated .npy header");
    }
    String dict = new String(text, StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(dict);
    Matcher fortran = FORTRAN.matcher(dict);
    Matcher shape = SHAPE.matcher(dict);
    if (!descr.find() || !fortran.find() || !shape.find()) {
      throw new Malformed(
          fixed,
          "the .npy header is not a dict with descr, fortran_order and shape: " + dict.trim());
    }
    String dims = shape.group(1).trim();
    long[] s;
    if (dims.isEmpty()) {
      s = new long[0];
    } else {
      String[] parts = dims.split(",");
      int n = parts[parts.length - 1].isBlank() ? parts.length - 1 : parts.length;
      s = new long[n];
      for (int i = 0; i < n; i++) {
        s[i] = Long.parseLong(parts[i].trim().replace("L", ""));
      }
    }
    return new NpyHeader(
        new NdArray(Dtype.ofDescr(descr.group(1)), s, fortran.group(1).equals("True"), null),
        fixed + length);
  }

  /** A problem at a byte offset of the .npy. */
  static final class Malformed extends Exception {
    final long offset;

    Malformed(long offset, String message) {
      super(message);
      this.offset = offset;
    }
  }
}

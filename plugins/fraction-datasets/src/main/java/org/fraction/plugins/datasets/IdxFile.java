package org.fraction.plugins.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.fraction.spi.data.BadDataException;

/**
 * An IDX file (LeCun's format: big-endian magic {@code 0x000008NN} with the element type 0x08 =
 * unsigned byte and NN dimensions, one 32-bit size per dimension, then the data), read whole and
 * checked: magic, dimensions and length must agree.
 */
record IdxFile(Path path, int[] dims, byte[] data, int headerBytes) {

  static IdxFile read(Path path, int expectedRank) throws IOException {
    byte[] bytes;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        InputStream in =
            path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
      bytes = in.readAllBytes();
    } catch (EOFException e) {
      throw new BadDataException(path, "truncated gzip stream");
    } catch (ZipException e) {
      throw new BadDataException(path, "not a valid gzip file: " + e.getMessage());
    }
    if (bytes.length < 4) {
      throw new BadDataException(
          path, 0, "too short for an IDX header (" + bytes.length + " bytes)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int magic = b.getInt();
    if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != 0x08) {
      throw new BadDataException(
          path,
          0,
          String.format(
              "wrong magic number 0x%08X, expected 0x%08X (unsigned-byte IDX)",
              magic, 0x0800 | expectedRank));
    }
    int rank = magic & 0xFF;
    if (rank != expectedRank) {
      throw new BadDataException(path, 3, "has " + rank + " dimensions, expected " + expectedRank);
    }
    int header = 4 + 4 * rank;
    if (bytes.length < header) {
      throw new BadDataException(path, bytes.length, "truncated header");
    }
    int[] dims = new int[rank];
    long elements = 1;
    for (int d = 0; d < rank; d++) {
      dims[d] = b.getInt();
      if (dims[d] < 0) {
        throw new BadDataException(path, 4 + 4L * d, "negative dimension " + dims[d]);
      }
      elements *= dims[d];
    }
    long expected = header + elements;
    if (bytes.length < expected) {
      throw new BadDataException(
          path,
          bytes.length,
          "truncated: " + bytes.length + " bytes, the header promises " + expected);
    }
    if (bytes.length > expected) {
      throw new BadDataException(
          path,
          expected,
          "has " + (bytes.length - expected) + " bytes after the data the header describes");
    }
    return new IdxFile(path, dims, bytes, header);
  }
}

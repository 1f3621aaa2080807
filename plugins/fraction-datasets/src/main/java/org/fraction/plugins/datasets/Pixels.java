package org.fraction.plugins.datasets;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.fraction.plugins.datasets.numpy.NpzArchive;
import org.fraction.spi.data.BadDataException;

/** Where a file's images are: fixed-size uint8 records, readable from a given image on. */
sealed interface Pixels {

  int READ_BUFFER = 1 << 20;

  /** Whether {@link #open} can start at any image without reading the ones before it. */
  boolean seekable();

  /**
   * A stream of the pixel bytes from image {@code first} on ({@code first} > 0 only if seekable).
   */
  InputStream open(long first, int imageBytes) throws IOException;

  /**
   * Byte offset of image {@code index} in the file, or -1 where the file is compressed or encoded.
   */
  long offsetOf(long index, int imageBytes);

  /** Raw bytes at a known offset of the file: a pickle's byte string, a stored npz entry. */
  record Region(Path file, long offset) implements Pixels {
    @Override
    public boolean seekable() {
      return true;
    }

    @Override
    public InputStream open(long first, int imageBytes) throws IOException {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
      ch.position(offset + first * imageBytes);
      return new BufferedInputStream(Channels.newInputStream(ch), READ_BUFFER);
    }

    @Override
    public long offsetOf(long index, int imageBytes) {
      return offset + index * imageBytes;
    }
  }

  /**
   * Bytes pickled by Python 3 with protocol 2: latin-1 text stored as UTF-8, decoded on the fly.
   */
  record Latin1Text(Path file, long offset, long length) implements Pixels {
    @Override
    public boolean seekable() {
      return false;
    }

    @Override
    public InputStream open(long first, int imageBytes) throws IOException {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
      ch.position(offset);
      return new Latin1Decoder(file, offset, length, Channels.newInputStream(ch));
    }

    @Override
    public long offsetOf(long index, int imageBytes) {
      return -1;
    }
  }

  /** A compressed npz entry, inflated as it is read. */
  record CompressedNpz(Path file, String array) implements Pixels {
    @Override
    public boolean seekable() {
      return false;
    }

    @Override
    public InputStream open(long first, int imageBytes) throws IOException {
      return new BufferedInputStream(NpzArchive.openData(file, array), READ_BUFFER);
    }

    @Override
    public long offsetOf(long index, int imageBytes) {
      return -1;
    }
  }

  /** Images small enough to have been read with the file's structure. */
  record InMemory(byte[] bytes) implements Pixels {
    @Override
    public boolean seekable() {
      return true;
    }

    @Override
    public InputStream open(long first, int imageBytes) {
      return new ByteArrayInputStream(bytes, (int) (first * imageBytes), bytes.length);
    }

    @Override
    public long offsetOf(long index, int imageBytes) {
      return -1;
    }
  }

  /** Decodes UTF-8 text whose characters are all below 256 back to the bytes they stand for. */
  final class Latin1Decoder extends InputStream {
    private final Path file;
    private final InputStream in;
    private final byte[] chunk = new byte[1 << 16];
    private long position;
    private final long end;
    private int at;
    private int size;

    Latin1Decoder(Path file, long offset, long length, InputStream in) {
      this.file = file;
      this.in = in;
      this.position = offset;
      this.end = offset + length;
    }

    private boolean fill(int keep) throws IOException {
      System.arraycopy(chunk, at, chunk, 0, keep);
      at = 0;
      size = keep;
      long want = Math.min(chunk.length - keep, end - position);
      if (want <= 0) {
        return keep > 0;
      }
      int n = in.readNBytes(chunk, keep, (int) want);
      if (n <= 0) {
        throw new BadDataException(file, position, "truncated inside the pickled image bytes");
      }
      position += n;
      size += n;
      return true;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] out, int off, int len) throws IOException {
      int written = 0;
      while (written < len) {
        if (at >= size && !fill(0)) {
          break;
        }
        int c = chunk[at] & 0xFF;
        if (c < 0x80) {
          out[off + written++] = (byte) c;
          at++;
          continue;
        }
        if (at + 1 >= size && !fill(size - at)) {
          break;
        }
        if (at + 1 >= size) {
          throw new BadDataException(
              file, position - (size - at), "truncated inside the pickled image bytes");
        }
        int c2 = chunk[at + 1] & 0xFF;
        if ((c != 0xC2 && c != 0xC3) || (c2 & 0xC0) != 0x80) {
          throw new BadDataException(
              file,
              position - (size - at),
              "the pickled image bytes are text with a character above 255, not latin-1");
        }
        out[off + written++] = (byte) (((c & 0x1F) << 6) | (c2 & 0x3F));
        at += 2;
      }
      return written == 0 && len > 0 ? -1 : written;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}

package org.fraction.plugins.datasets.numpy;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.fraction.spi.data.BadDataException;

/**
 * An .npz file ({@code numpy.savez}: a zip of .npy arrays, stored; {@code savez_compressed}:
 * deflated), read with Commons Compress. A stored array's data can be read from any offset of the
 * file; a compressed one only as a stream.
 */
public final class NpzArchive implements Closeable {

  /** One array of the archive: its header, and where its data starts in the file when stored. */
  public record Entry(String name, NpyHeader header, boolean stored, long dataOffset) {}

  private final Path file;
  private final ZipFile zip;

  private NpzArchive(Path file, ZipFile zip) {
    this.file = file;
    this.zip = zip;
  }

  public static NpzArchive open(Path file) throws IOException {
    try {
      return new NpzArchive(file, ZipFile.builder().setPath(file).get());
    } catch (IOException e) {
      throw new BadDataException(
          file, "is not an npz (zip) file, or is truncated: " + e.getMessage());
    }
  }

  /** The array names, without {@code .npy}. */
  public List<String> arrays() {
    List<String> names = new ArrayList<>();
    for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
      names.add(
          e.getName().endsWith(".npy")
              ? e.getName().substring(0, e.getName().length() - 4)
              : e.getName());
    }
    return names;
  }

  /** The array {@code name}, or null if the archive has none. */
  public Entry entry(String name) throws IOException {
    ZipArchiveEntry e = zip.getEntry(name + ".npy");
    if (e == null) {
      return null;
    }
    NpyHeader header;
    try (InputStream in = zip.getInputStream(e)) {
      header = NpyHeader.read(in);
    } catch (NpyHeader.Malformed m) {
      throw new BadDataException(file, m.offset, name + ".npy " + m.getMessage());
    } catch (IOException x) {
      throw new BadDataException(file, name + ".npy cannot be read: " + x.getMessage());
    }
    boolean stored = e.getMethod() == ZipEntry.STORED;
    long dataOffset = stored ? dataStart(e) + header.bytes() : -1;
    if (stored
        && header.array().dataBytes() >= 0
        && dataOffset + header.array().dataBytes() > sizeOf()) {
      throw new BadDataException(
          file,
          dataOffset,
          "truncated: "
              + name
              + ".npy's data runs to byte "
              + (dataOffset + header.array().dataBytes())
              + ", but the file ends at byte "
              + sizeOf());
    }
    if (header.array().dataBytes() >= 0
        && e.getSize() >= 0
        && header.bytes() + header.array().dataBytes() != e.getSize()) {
      throw new BadDataException(
          file,
          name
              + ".npy holds "
              + (e.getSize() - header.bytes())
              + " data bytes, but its header ("
              + header.array().describe()
              + ") needs "
              + header.array().dataBytes());
    }
    return new Entry(name, header, stored, dataOffset);
  }

  /** The array's data, decompressed, from its first byte. */
  public InputStream data(Entry entry) throws IOException {
    InputStream in = zip.getInputStream(zip.getEntry(entry.name() + ".npy"));
    in.skipNBytes(entry.header().bytes());
    return in;
  }

  /** Opens the array's data of an .npz on its own (closing the stream closes the archive). */
  public static InputStream openData(Path file, String name) throws IOException {
    NpzArchive npz = open(file);
    try {
      Entry e = npz.entry(name);
      return new FilterInputStream(npz.data(e)) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            npz.close();
          }
        }
      };
    } catch (IOException | RuntimeException e) {
      npz.close();
      throw e;
    }
  }

  /** Reads a small array's data whole. */
  public byte[] readSmall(Entry entry, int limit) throws IOException {
    long bytes = entry.header().array().dataBytes();
    if (bytes < 0 || bytes > limit) {
      throw new BadDataException(
          file,
          entry.name()
              + ".npy is too large to hold what it should: "
              + entry.header().array().describe());
    }
    try (InputStream in = data(entry)) {
      byte[] out = in.readNBytes((int) bytes);
      if (out.length < bytes) {
        throw new BadDataException(file, entry.name() + ".npy is truncated");
      }
      return out;
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new BadDataException(
          file, entry.name() + ".npy cannot be decompressed: " + e.getMessage());
    }
  }

  private long sizeOf() throws IOException {
    return java.nio.file.Files.size(file);
  }

  /**
   * Where an entry's bytes start: after its local header (30 bytes, the name and the extra field).
   */
  private long dataStart(ZipArchiveEntry e) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(b, e.getLocalHeaderOffset());
      if (b.position() < 30 || b.getInt(0) != 0x04034b50) {
        throw new BadDataException(
            file, e.getLocalHeaderOffset(), "no zip local header for " + e.getName());
      }
      return e.getLocalHeaderOffset() + 30 + (b.getShort(26) & 0xFFFF) + (b.getShort(28) & 0xFFFF);
    }
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}

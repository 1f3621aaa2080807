package org.fraction.plugins.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.ExampleReader;
import org.fraction.spi.data.Shard;

/**
 * Images {@code first .. first + count - 1} of one file whose labels are already known: a whole
 * file, or a range of one whose pixels can be read from any image on.
 */
record FileShard(
    Path file, Pixels pixels, int[] labels, long first, long count, int imageBytes, boolean whole)
    implements Shard {

  @Override
  public String name() {
    return whole ? file.toString() : file + " (images " + first + ".." + (first + count - 1) + ")";
  }

  @Override
  public long size() {
    return count;
  }

  @Override
  public ExampleReader open() throws IOException {
    InputStream in = pixels.open(first, imageBytes);
    if (!pixels.seekable() && first > 0) {
      in.skipNBytes(first * imageBytes);
    }
    return new ExampleReader() {
      long read;

      @Override
      public int next(byte[] out, int offset) throws IOException {
        if (read >= count) {
          return -1;
        }
        long image = first + read;
        int n = in.readNBytes(out, offset, imageBytes);
        if (n < imageBytes) {
          long at = pixels.offsetOf(image, imageBytes);
          throw new BadDataException(
              file,
              at < 0 ? -1 : at + n,
              "truncated: image "
                  + image
                  + " is cut short after "
                  + n
                  + " of its "
                  + imageBytes
                  + " bytes");
        }
        read++;
        return labels[(int) image];
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }
}

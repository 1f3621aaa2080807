package org.fraction.plugins.datasets.numpy;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read from a stream, for byte offsets in messages; skips exactly. */
final class PositionStream extends FilterInputStream {

  private long position;
  private long markPosition;

  PositionStream(InputStream in) {
    super(in);
  }

  long position() {
    return position;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      position++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      position += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(n);
    position += s;
    return s;
  }

  void skipExactly(long n) throws IOException {
    long left = n;
    while (left > 0) {
      long s = skip(left);
      if (s <= 0) {
        if (read() < 0) {
          throw new EOFException();
        }
        s = 1;
      }
      left -= s;
    }
  }

  @Override
  public synchronized void mark(int limit) {
    super.mark(limit);
    markPosition = position;
  }

  @Override
  public synchronized void reset() throws IOException {
    super.reset();
    position = markPosition;
  }
}

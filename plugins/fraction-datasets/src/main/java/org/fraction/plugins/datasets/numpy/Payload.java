package org.fraction.plugins.datasets.numpy;

/**
 * A large byte string of a pickle left where it is in the file: {@code length} bytes from {@code
 * offset}. Python 3 writes the bytes of protocols 0-2 as text ({@code _codecs.encode(s,
 * 'latin1')}): then the file holds the UTF-8 form of the latin-1 text, and {@link #latin1InUtf8} is
 * set.
 */
public record Payload(long offset, long length, boolean text, boolean latin1InUtf8) {

  static Payload bytes(long offset, long length) {
    return new Payload(offset, length, false, false);
  }

  static Payload text(long offset, long length) {
    return new Payload(offset, length, true, false);
  }

  Payload latin1Bytes() {
    return new Payload(offset, length, false, true);
  }
}

package org.fraction.plugins.datasets.numpy;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A numpy array as read from a pickle or an .npy header: dtype, shape, order, and its data either
 * in memory ({@code byte[]}) or left in the file ({@link Payload}, or {@link #dataOffset} for
 * .npy). Pickles build it with {@code _reconstruct(ndarray, (0,), b'b')} and a state tuple {@code
 * (version, shape, dtype, is_fortran, data)}, or (protocol 5) with {@code _frombuffer(data, dtype,
 * shape, order)}.
 */
public final class NdArray {

  private Dtype dtype;
  private long[] shape = new long[0];
  private boolean fortran;
  private Object data;

  NdArray() {}

  NdArray(Dtype dtype, long[] shape, boolean fortran, Object data) {
    this.dtype = dtype;
    this.shape = shape;
    this.fortran = fortran;
    this.data = data;
  }

  public void __setstate__(Object[] state) {
    if (state.length != 5) {
      throw new IllegalArgumentException("an ndarray state has 5 items, this one " + state.length);
    }
    shape = longs(state[1]);
    dtype = state[2] instanceof Dtype d ? d : null;
    fortran = Boolean.TRUE.equals(state[3]);
    data = state[4];
  }

  static long[] longs(Object tuple) {
    if (tuple instanceof Object[] items) {
      long[] out = new long[items.length];
      for (int i = 0; i < items.length; i++) {
        out[i] = ((Number) items[i]).longValue();
      }
      return out;
    }
    if (tuple instanceof Number n) {
      return new long[] {n.longValue()};
    }
    throw new IllegalArgumentException("an ndarray shape must be a tuple of ints");
  }

  /** The dtype, or null when the pickle gave none numpy knows as a plain number type. */
  public Dtype dtype() {
    return dtype;
  }

  public long[] shape() {
    return shape.clone();
  }

  public boolean fortranOrder() {
    return fortran;
  }

  /** {@code byte[]}, {@link Payload}, or something a pickle of an object array would hold. */
  public Object data() {
    return data;
  }

  public long elements() {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  public long dataBytes() {
    return dtype == null ? -1 : elements() * dtype.itemSize();
  }

  /** The values of an integer array held in memory. */
  public long[] integers(byte[] bytes) {
    if (dtype == null || !dtype.isInteger()) {
      throw new IllegalArgumentException("not an integer array: " + describe());
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(dtype.order());
    long[] out = new long[Math.toIntExact(elements())];
    boolean unsigned = dtype.kind() == 'u';
    for (int i = 0; i < out.length; i++) {
      out[i] =
          switch (dtype.itemSize()) {
            case 1 -> unsigned ? b.get() & 0xFF : b.get();
            case 2 -> unsigned ? b.getShort() & 0xFFFF : b.getShort();
            case 4 -> unsigned ? b.getInt() & 0xFFFFFFFFL : b.getInt();
            default -> b.getLong();
          };
    }
    return out;
  }

  public String describe() {
    return "array of "
        + (dtype == null ? "an unsupported dtype" : dtype)
        + " with shape "
        + Arrays.toString(shape);
  }
}

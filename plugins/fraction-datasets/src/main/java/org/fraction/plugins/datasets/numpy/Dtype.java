package org.fraction.plugins.datasets.numpy;

import java.nio.ByteOrder;

/**
 * A numpy dtype of plain numbers: kind ({@code u}, {@code i}, {@code f}, {@code b}), item size and
 * byte order. Pickles build it as {@code numpy.dtype('u1', False, True)} followed by a state tuple
 * whose second item is the byte order; .npy headers write it as {@code '<i8'}.
 */
public final class Dtype {

  private final char kind;
  private final int itemSize;
  private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

  Dtype(char kind, int itemSize) {
    this.kind = kind;
    this.itemSize = itemSize;
  }

  /** From a type string such as {@code u1}, {@code i8}, {@code f8}, {@code b1}. */
  static Dtype of(String spec) {
    if (spec.length() < 2 || !Character.isDigit(spec.charAt(1))) {
      return new Dtype('?', 0);
    }
    try {
      return new Dtype(spec.charAt(0), Integer.parseInt(spec.substring(1)));
    } catch (NumberFormatException e) {
      return new Dtype('?', 0);
    }
  }

  /** From an .npy {@code descr} such as {@code <i8} or {@code |u1}. */
  static Dtype ofDescr(String descr) {
    if (descr.isEmpty()) {
      return new Dtype('?', 0);
    }
    char first = descr.charAt(0);
    if (first == '<' || first == '>' || first == '|' || first == '=') {
      Dtype d = of(descr.substring(1));
      d.order = first == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      return d;
    }
    return of(descr);
  }

  /**
   * Pickle state: {@code (version, byte order, subarray, names, fields, elsize, alignment, flags)}.
   */
  public void __setstate__(Object[] state) {
    if (state.length > 1 && ">".equals(String.valueOf(state[1]))) {
      order = ByteOrder.BIG_ENDIAN;
    }
  }

  public char kind() {
    return kind;
  }

  public int itemSize() {
    return itemSize;
  }

  public ByteOrder order() {
    return order;
  }

  public boolean isUnsignedByte() {
    return (kind == 'u' || kind == 'b') && itemSize == 1;
  }

  public boolean isInteger() {
    return (kind == 'u' || kind == 'i')
        && (itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8);
  }

  @Override
  public String toString() {
    return kind == '?'
        ? "an unsupported dtype"
        : (order == ByteOrder.BIG_ENDIAN ? ">" : "") + kind + itemSize;
  }
}

package org.fraction.engine.train.fused;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The native memory behind a contiguous float nd4j array, as a pointer for BLAS and a buffer for
 * reading and writing from Java (as bytes in native order, or as floats). Both alias the array:
 * nothing is copied.
 */
record NativeFloats(INDArray array, FloatPointer pointer, ByteBuffer bytes, FloatBuffer buffer) {

  /**
   * @throws IllegalArgumentException when the array is not float or not contiguous with the default
   *     strides of its order
   */
  static NativeFloats of(INDArray array) {
    if (array.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("not a float array: " + array.dataType());
    }
    if (!rowMajorContiguous(array)) {
      throw new IllegalArgumentException("not a contiguous array: " + array.shapeInfoToString());
    }
    long length = array.length();
    FloatPointer pointer = new Unowned(array.data().address() + 4 * array.offset(), length);
    ByteBuffer bytes = pointer.asByteBuffer().order(ByteOrder.nativeOrder());
    return new NativeFloats(array, pointer, bytes, bytes.asFloatBuffer());
  }

  /** A pointer to {@code length} floats at {@code address}, memory someone else owns. */
  static FloatPointer unowned(long address, long length) {
    return new Unowned(address, length);
  }

  /**
   * A pointer into memory someone else owns. (Wrapping nd4j's own pointer object instead would copy
   * its deallocator, and the memory would be freed twice.)
   */
  private static final class Unowned extends FloatPointer {
    Unowned(long address, long length) {
      this.address = address;
      this.capacity = length;
      this.limit = length;
    }
  }

  /** True when the entries lie one after another in row-major (c) order. */
  static boolean rowMajorContiguous(INDArray array) {
    long[] shape = array.shape();
    long[] stride = array.stride();
    long expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }

  /** True when {@code other} is over the same memory as this. */
  boolean sameMemory(INDArray other) {
    return other == array
        || (other.data().address() == array.data().address()
            && other.offset() == array.offset()
            && other.length() == array.length());
  }
}

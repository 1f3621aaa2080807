package org.fraction.plugins.quaternion;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DenseBlocks}' row operations on the Vector API; loaded only when its module is present.
 */
final class VectorBlocks {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();

  private VectorBlocks() {}

  /** to[0, n) = sign · from[0, n), byte offsets into native-order buffers. */
  static void copySigned(ByteBuffer src, int from, ByteBuffer dst, int to, int n, int sign) {
    int end = S.loopBound(n);
    int i = 0;
    for (; i < end; i += L) {
      FloatVector v = FloatVector.fromByteBuffer(S, src, from + 4 * i, ORDER);
      (sign < 0 ? v.neg() : v).intoByteBuffer(dst, to + 4 * i, ORDER);
    }
    for (; i < n; i++) {
      float v = src.getFloat(from + 4 * i);
      dst.putFloat(to + 4 * i, sign < 0 ? -v : v);
    }
  }

  /** out[0, n) = Σ_k signs[k] · g[rows[k] + 0, n), the four terms added in order. */
  static void sumSigned(ByteBuffer g, int[] rows, int[] signs, ByteBuffer out, int to, int n) {
    int end = S.loopBound(n);
    int i = 0;
    for (; i < end; i += L) {
      FloatVector sum = FloatVector.zero(S);
      for (int k = 0; k < 4; k++) {
        FloatVector v = FloatVector.fromByteBuffer(S, g, rows[k] + 4 * i, ORDER);
        sum = signs[k] < 0 ? sum.sub(v) : sum.add(v);
      }
      sum.intoByteBuffer(out, to + 4 * i, ORDER);
    }
    for (; i < n; i++) {
      float sum = 0f;
      for (int k = 0; k < 4; k++) {
        float v = g.getFloat(rows[k] + 4 * i);
        sum = signs[k] < 0 ? sum - v : sum + v;
      }
      out.putFloat(to + 4 * i, sum);
    }
  }
}

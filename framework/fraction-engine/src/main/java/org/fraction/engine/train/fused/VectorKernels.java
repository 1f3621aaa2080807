package org.fraction.engine.train.fused;

import java.nio.ByteBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Kernels} on the Vector API; loaded only when its module is present. */
final class VectorKernels {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorKernels() {}

  /** Adam over the whole vectors of [0, n); returns where it stopped. */
  static int adam(
      ByteBuffer params,
      ByteBuffer gradient,
      ByteBuffer m,
      ByteBuffer v,
      int n,
      float divisor,
      float beta1,
      float beta2,
      float stepSize,
      float epsilon) {
    float oneMinusBeta1 = 1f - beta1;
    float oneMinusBeta2 = 1f - beta2;
    int end = S.loopBound(n);
    for (int i = 0; i < end; i += L) {
      int at = 4 * i;
      FloatVector g = FloatVector.fromByteBuffer(S, gradient, at, Kernels.ORDER).div(divisor);
      FloatVector mi =
          FloatVector.fromByteBuffer(S, m, at, Kernels.ORDER).mul(beta1).add(g.mul(oneMinusBeta1));
      FloatVector vi =
          FloatVector.fromByteBuffer(S, v, at, Kernels.ORDER)
              .mul(beta2)
              .add(g.mul(g).mul(oneMinusBeta2));
      mi.intoByteBuffer(m, at, Kernels.ORDER);
      vi.intoByteBuffer(v, at, Kernels.ORDER);
      FloatVector p = FloatVector.fromByteBuffer(S, params, at, Kernels.ORDER);
      p.sub(mi.mul(stepSize).div(vi.sqrt().add(epsilon))).intoByteBuffer(params, at, Kernels.ORDER);
    }
    return end;
  }

  /** See {@link Kernels#addBias}. */
  static void addBias(ByteBuffer z, int rows, int cols, ByteBuffer bias, int offset, boolean relu) {
    int end = S.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int row = 4 * r * cols;
      int c = 0;
      for (; c < end; c += L) {
        FloatVector v = FloatVector.fromByteBuffer(S, z, row + 4 * c, Kernels.ORDER);
        if (bias != null) {
          v = v.add(FloatVector.fromByteBuffer(S, bias, 4 * (offset + c), Kernels.ORDER));
        }
        if (relu) {
          v = v.blend(0f, v.compare(VectorOperators.GT, 0f).not());
        }
        v.intoByteBuffer(z, row + 4 * c, Kernels.ORDER);
      }
      for (; c < cols; c++) {
        float v = z.getFloat(row + 4 * c) + (bias == null ? 0f : bias.getFloat(4 * (offset + c)));
        z.putFloat(row + 4 * c, relu && !(v > 0f) ? 0f : v);
      }
    }
  }

  /** {@link Kernels#reluBackward} over the whole vectors of [0, n); returns where it stopped. */
  static int reluBackward(ByteBuffer delta, ByteBuffer activation, int n) {
    int end = S.loopBound(n);
    for (int i = 0; i < end; i += L) {
      FloatVector a = FloatVector.fromByteBuffer(S, activation, 4 * i, Kernels.ORDER);
      FloatVector d = FloatVector.fromByteBuffer(S, delta, 4 * i, Kernels.ORDER);
      d.blend(0f, a.compare(VectorOperators.GT, 0f).not())
          .intoByteBuffer(delta, 4 * i, Kernels.ORDER);
    }
    return end;
  }

  /** See {@link Kernels#columnSums}: whole vectors of columns here, the rest in plain loops. */
  static void columnSums(ByteBuffer m, int rows, int cols, ByteBuffer out, int offset) {
    int end = S.loopBound(cols);
    for (int c = 0; c < end; c += L) {
      FloatVector sum = FloatVector.zero(S);
      for (int r = 0; r < rows; r++) {
        sum = sum.add(FloatVector.fromByteBuffer(S, m, 4 * (r * cols + c), Kernels.ORDER));
      }
      sum.intoByteBuffer(out, 4 * (offset + c), Kernels.ORDER);
    }
    ScalarKernels.columnSums(m, rows, cols, out, offset, end);
  }
}

package org.fraction.plugins.quaternion;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.fraction.spi.model.Pieces;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense quaternion layer's block weight and the fold of its gradient as direct loops over the
 * arrays' native memory, on the Vector API: the same values as {@link BlockWeight}'s two nd4j
 * operations each way, without their strided copy through a permuted six-dimensional view. Used
 * only when the JVM has the incubator module {@code jdk.incubator.vector} and the arrays are float
 * and contiguous.
 */
final class DenseBlocks {

  static final boolean AVAILABLE =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !Boolean.getBoolean("fraction.quaternion.nd4j-blocks");

  private DenseBlocks() {}

  /** True when the loops apply to these arrays. */
  static boolean applies(INDArray... arrays) {
    if (!AVAILABLE) {
      return false;
    }
    for (INDArray a : arrays) {
      // contiguous in c order, as QuaternionParams.slice requires of parameter views
      if (a.dataType() != DataType.FLOAT || a.ordering() != 'c' || a.elementWiseStride() != 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * W[b·qIn + q, a·qOut + p] = sign(a, b) · component(a xor b)[q, p], W c order [4 qIn, 4 qOut].
   *
   * @param components the four components r, i, j, k one after another, each c order [qIn, qOut]
   */
  static void assemble(
      INDArray components, INDArray weight, int qIn, int qOut, int[][] sign, Pieces pieces) {
    ByteBuffer c = bytes(components);
    ByteBuffer w = bytes(weight);
    int cAt = byteOffset(components);
    int wAt = byteOffset(weight);
    int nOut = 4 * qOut;
    int n = qIn * qOut;
    pieces.run( // block row b is one piece
        4,
        b -> {
          for (int q = 0; q < qIn; q++) {
            for (int a = 0; a < 4; a++) {
              int from = cAt + 4 * ((a ^ b) * n + q * qOut);
              int to = wAt + 4 * ((b * qIn + q) * nOut + a * qOut);
              VectorBlocks.copySigned(c, from, w, to, qOut, sign[a][b]);
            }
          }
        });
  }

  /**
   * The components' gradients from the real weight's: g_c[q, p] = Σ_a sign(a, a xor c) · G[(a xor
   * c)·qIn + q, a·qOut + p].
   */
  static void fold(
      INDArray realGradient, INDArray components, int qIn, int qOut, int[][] sign, Pieces pieces) {
    ByteBuffer g = bytes(realGradient);
    ByteBuffer out = bytes(components);
    int gAt = byteOffset(realGradient);
    int outAt = byteOffset(components);
    int nOut = 4 * qOut;
    int n = qIn * qOut;
    pieces.run( // component c is one piece
        4,
        c -> {
          int[] rows = new int[4];
          int[] signs = new int[4];
          for (int q = 0; q < qIn; q++) {
            for (int a = 0; a < 4; a++) {
              int b = a ^ c;
              rows[a] = gAt + 4 * ((b * qIn + q) * nOut + a * qOut);
              signs[a] = sign[a][b];
            }
            VectorBlocks.sumSigned(g, rows, signs, out, outAt + 4 * (c * n + q * qOut), qOut);
          }
        });
  }

  private static ByteBuffer bytes(INDArray a) {
    return a.data().asNio().order(ByteOrder.nativeOrder());
  }

  private static int byteOffset(INDArray a) {
    return Math.toIntExact(4 * a.offset());
  }
}

package org.fraction.engine.train.fused;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ProductsTest {

  /** A random row-major matrix of rows x cols as native floats, and a Java copy. */
  private record Matrix(NativeFloats floats, float[] values, int rows, int cols) {
    static Matrix random(Random r, int rows, int cols) {
      float[] v = new float[rows * cols];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) r.nextGaussian();
      }
      INDArray a = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
      a.data().asNioFloat().put(v);
      return new Matrix(NativeFloats.of(a), v, rows, cols);
    }

    double at(int row, int col, boolean transposed) {
      return transposed ? values[col * cols + row] : values[row * cols + col];
    }
  }

  /** op(a) · op(b) in double, computed here independently of BLAS. */
  private static double[] reference(
      Matrix a, boolean ta, Matrix b, boolean tb, int m, int n, int k) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += a.at(i, p, ta) * b.at(p, j, tb);
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  private static float[] product(
      WorkTeam team, Matrix a, boolean ta, Matrix b, boolean tb, int m, int n, int k) {
    INDArray c = Nd4j.create(DataType.FLOAT, new long[] {m, n}, 'c');
    FloatPointer out = NativeFloats.of(c).pointer();
    new Products(team)
        .multiply(
            ta,
            tb,
            m,
            n,
            k,
            a.floats().pointer(),
            a.cols(),
            b.floats().pointer(),
            b.cols(),
            out,
            n);
    return c.data().asFloat();
  }

  @Test
  void piecesOfEveryShapeAndTransposeMakeTheWholeProduct() {
    Random r = new Random(5);
    // wider than tall (cut by columns), taller than wide (cut by rows), sides not multiples of 16
    int[][] shapes = {{61, 301, 150}, {301, 61, 150}, {40, 33, 20}};
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          Matrix a = ta ? Matrix.random(r, k, m) : Matrix.random(r, m, k);
          Matrix b = tb ? Matrix.random(r, n, k) : Matrix.random(r, k, n);
          double[] expected = reference(a, ta, b, tb, m, n, k);
          float[] alone = product(WorkTeam.of(1), a, ta, b, tb, m, n, k);
          float[] shared = product(WorkTeam.of(2), a, ta, b, tb, m, n, k);
          for (int i = 0; i < expected.length; i++) {
            assertThat((double) alone[i])
                .as("%s ta=%s tb=%s entry %d", java.util.Arrays.toString(s), ta, tb, i)
                .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-3));
          }
          assertThat(shared).as("the same bits on two threads").isEqualTo(alone);
        }
      }
    }
  }
}

package org.fraction.engine.train.fused;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Vector API kernels against the plain loops, on sizes that leave a tail after the vectors. */
class KernelsTest {

  private static ByteBuffer random(Random r, int n) {
    ByteBuffer b = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
    for (int i = 0; i < n; i++) {
      b.putFloat(4 * i, (float) r.nextGaussian());
    }
    return b;
  }

  private static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer c = ByteBuffer.allocateDirect(b.capacity()).order(ByteOrder.nativeOrder());
    c.put(b.duplicate().clear()).clear();
    return c;
  }

  private static void assertSame(ByteBuffer expected, ByteBuffer actual, float tolerance) {
    for (int i = 0; i < expected.capacity() / 4; i++) {
      assertThat(actual.getFloat(4 * i))
          .as("float %d", i)
          .isCloseTo(expected.getFloat(4 * i), within(tolerance));
    }
  }

  @Test
  void vectorAndPlainLoopsAgree() {
    assertThat(Kernels.VECTOR).as("tests run with jdk.incubator.vector").isTrue();
    Random r = new Random(1);
    int n = 1_003;
    ByteBuffer params = random(r, n);
    ByteBuffer gradient = random(r, n);
    ByteBuffer m = random(r, n);
    ByteBuffer v = random(r, n);
    for (int i = 0; i < n; i++) {
      v.putFloat(4 * i, Math.abs(v.getFloat(4 * i)));
    }
    ByteBuffer p2 = copy(params);
    ByteBuffer m2 = copy(m);
    ByteBuffer v2 = copy(v);
    ScalarKernels.adam(params, gradient, m, v, 0, n, 60f, 0.9f, 0.999f, 1e-3f, 1e-8f);
    int done = VectorKernels.adam(p2, gradient, m2, v2, n, 60f, 0.9f, 0.999f, 1e-3f, 1e-8f);
    assertThat(done).isLessThan(n).isGreaterThan(n - 64);
    ScalarKernels.adam(p2, gradient, m2, v2, done, n, 60f, 0.9f, 0.999f, 1e-3f, 1e-8f);
    assertSame(params, p2, 1e-6f);
    assertSame(m, m2, 1e-6f);
    assertSame(v, v2, 1e-6f);

    int rows = 7;
    int cols = 37;
    ByteBuffer z = random(r, rows * cols);
    ByteBuffer bias = random(r, 50 + cols);
    ByteBuffer z2 = copy(z);
    ScalarKernels.addBias(z, rows, cols, bias, 50, true);
    VectorKernels.addBias(z2, rows, cols, bias, 50, true);
    assertSame(z, z2, 0f);
    assertThat(z.getFloat(0)).isGreaterThanOrEqualTo(0f);

    ByteBuffer delta = random(r, rows * cols);
    ByteBuffer delta2 = copy(delta);
    ScalarKernels.reluBackward(delta, z, 0, rows * cols);
    int stopped = VectorKernels.reluBackward(delta2, z, rows * cols);
    ScalarKernels.reluBackward(delta2, z, stopped, rows * cols);
    assertSame(delta, delta2, 0f);

    ByteBuffer sums = ByteBuffer.allocateDirect(4 * (5 + cols)).order(ByteOrder.nativeOrder());
    ByteBuffer sums2 = copy(sums);
    ScalarKernels.columnSums(delta, rows, cols, sums, 5, 0);
    VectorKernels.columnSums(delta, rows, cols, sums2, 5);
    assertSame(sums, sums2, 1e-5f);
    float column3 = 0f;
    for (int row = 0; row < rows; row++) {
      column3 += delta.getFloat(4 * (row * cols + 3));
    }
    assertThat(sums.getFloat(4 * (5 + 3))).isCloseTo(column3, within(1e-5f));
  }
}

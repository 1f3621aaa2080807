package org.fraction.inference.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Vector API primitives give what the plain loops give, at every length and offset. */
class PrimitivesTest {

  private static float[] random(int n, SplittableRandom r) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return v;
  }

  private static void assertClose(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i])
          .as("entry %d", i)
          .isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-4f * (1 + Math.abs(b[i]))));
    }
  }

  @Test
  void vectorAndPlainLoopsAgree() {
    assertThat(Simd.VECTOR).as("tests run with --add-modules jdk.incubator.vector").isTrue();
    SplittableRandom r = new SplittableRandom(2);
    for (int n : new int[] {1, 7, 16, 33, 64, 101}) {
      float[] x = random(n + 40, r);
      float[] y1 = random(n + 40, r);
      float[] y2 = y1.clone();
      VectorKernels.axpy(y1, 3, 0.7f, x, 5, n);
      ScalarKernels.axpy(y2, 3, 0.7f, x, 5, n);
      assertClose(y1, y2);
      float[] h1 = random(4 * n + 50, r);
      float[] h2 = h1.clone();
      VectorKernels.hamilton(
          0.1f, -0.2f, 0.3f, 0.4f, x, 0, 3, 9, 11, h1, 1, n + 2, 2 * n + 5, 3 * n + 9, n);
      ScalarKernels.hamilton(
          0.1f, -0.2f, 0.3f, 0.4f, x, 0, 3, 9, 11, h2, 1, n + 2, 2 * n + 5, 3 * n + 9, n);
      assertClose(h1, h2);
    }
    for (int n : new int[] {1, 17, 40, 100, 300}) {
      int[] block = {0, 3, 1, 2, 3};
      int[] shift = {0, 5, 2, 7, 1};
      float[] v = random(20, r);
      int blockSize = 350;
      float[] x = random(4 * blockSize + 4 * 400 + 600, r);
      int len = Simd.gatherLength(n);
      float[] g1 = random(len + 10, r);
      float[] g2 = g1.clone();
      VectorKernels.gather(g1, 3, x, block, shift, blockSize, v, 1, 5, len);
      ScalarKernels.gather(g2, 3, x, block, shift, blockSize, v, 1, 5, len);
      assertClose(g1, g2);
      int hlen = Simd.gatherHamiltonLength(n);
      float[] q1 = random(4 * hlen + 30, r);
      float[] q2 = q1.clone();
      VectorKernels.gatherHamilton(
          q1, 2, hlen + 5, x, block, shift, blockSize / 4, blockSize / 2, v, 0, 4, hlen);
      ScalarKernels.gatherHamilton(
          q2, 2, hlen + 5, x, block, shift, blockSize / 4, blockSize / 2, v, 0, 4, hlen);
      assertClose(q1, q2);
    }
    for (int[] mnk :
        new int[][] {{1, 1, 1}, {4, 32, 3}, {7, 45, 300}, {13, 600, 270}, {64, 17, 5}}) {
      int m = mnk[0];
      int n = mnk[1];
      int k = mnk[2];
      float[] a = random(m * k + 2, r);
      float[] b = random(k * n + 3, r);
      float[] c1 = random(m * n + 1, r);
      float[] c2 = c1.clone();
      VectorKernels.gemm(a, 2, k, b, 3, n, c1, 1, n, m, n, k);
      ScalarKernels.gemm(a, 2, k, b, 3, n, c2, 1, n, m, n, k);
      assertClose(c1, c2);
    }
  }
}

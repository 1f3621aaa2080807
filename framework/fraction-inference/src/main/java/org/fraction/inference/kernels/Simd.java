package org.fraction.inference.kernels;

/**
 * The few vector primitives the kernels are made of. They use the Vector API when the JVM has the
 * incubator module {@code jdk.incubator.vector} (run with {@code --add-modules
 * jdk.incubator.vector}), and plain loops otherwise: the plain loops give the same results up to
 * rounding, several times slower, because the JIT compiler vectorises them only when their arrays
 * happen to line up.
 */
public final class Simd {

  /** Whether the Vector API is in use. */
  public static final boolean VECTOR =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !Boolean.getBoolean("fraction.inference.scalar");

  /** Floats per vector (1 with plain loops); {@link #axpyWhole} runs whole vectors only. */
  public static final int LANES = VECTOR ? VectorKernels.lanes() : 1;

  private Simd() {}

  /** Rounds n up to whole vectors. */
  public static int wholeVectors(int n) {
    return (n + LANES - 1) / LANES * LANES;
  }

  /**
   * {@code y[yo + i] += a * x[xo + i]} for i in [0, n), n a multiple of {@link #LANES}: for runs
   * whose arrays have room past their end.
   */
  public static void axpyWhole(float[] y, int yo, float a, float[] x, int xo, int n) {
    if (VECTOR) {
      VectorKernels.axpyWhole(y, yo, a, x, xo, n);
    } else {
      ScalarKernels.axpy(y, yo, a, x, xo, n);
    }
  }

  /** Floats a run of n floats is rounded up to for {@link #gather}. */
  public static int gatherLength(int n) {
    if (!VECTOR) {
      return n;
    }
    int tile = VectorKernels.tile(n) * LANES;
    return (n + tile - 1) / tile * tile;
  }

  /** Floats a run of n floats is rounded up to for {@link #gatherHamilton}. */
  public static int gatherHamiltonLength(int n) {
    return wholeVectors(n);
  }

  /**
   * {@code y[yo + t] = sum_k v[k] * x[block[k] * blockSize + shift[k] + t]} over k in [from, to),
   * for t in [0, n), n from {@link #gatherLength}: overwrites y.
   */
  public static void gather(
      float[] y,
      int yo,
      float[] x,
      int[] block,
      int[] shift,
      int blockSize,
      float[] v,
      int from,
      int to,
      int n) {
    if (VECTOR) {
      VectorKernels.gather(y, yo, x, block, shift, blockSize, v, from, to, n);
    } else {
      ScalarKernels.gather(y, yo, x, block, shift, blockSize, v, from, to, n);
    }
  }

  /**
   * The sum over k in [from, to) of the Hamilton products of quaternions {@code v[4k..4k+3]} with
   * the quaternion channels at {@code x[block[k] * blockSize + shift[k] + c * xs + t]}, written to
   * {@code y[y0 + c * ys + t]} (c = 0..3, t in [0, n), n from {@link #gatherHamiltonLength}).
   */
  public static void gatherHamilton(
      float[] y,
      int y0,
      int ys,
      float[] x,
      int[] block,
      int[] shift,
      int blockSize,
      int xs,
      float[] v,
      int from,
      int to,
      int n) {
    if (VECTOR) {
      VectorKernels.gatherHamilton(y, y0, ys, x, block, shift, blockSize, xs, v, from, to, n);
    } else {
      ScalarKernels.gatherHamilton(y, y0, ys, x, block, shift, blockSize, xs, v, from, to, n);
    }
  }

  /** As {@link #hamilton} for n a multiple of {@link #LANES}. */
  public static void hamiltonWhole(
      float r,
      float i,
      float j,
      float k,
      float[] x,
      int x0,
      int x1,
      int x2,
      int x3,
      float[] y,
      int y0,
      int y1,
      int y2,
      int y3,
      int n) {
    if (VECTOR) {
      VectorKernels.hamiltonWhole(r, i, j, k, x, x0, x1, x2, x3, y, y0, y1, y2, y3, n);
    } else {
      ScalarKernels.hamilton(r, i, j, k, x, x0, x1, x2, x3, y, y0, y1, y2, y3, n);
    }
  }

  /** {@code y[yo + i] += a * x[xo + i]} for i in [0, n). */
  public static void axpy(float[] y, int yo, float a, float[] x, int xo, int n) {
    if (VECTOR) {
      VectorKernels.axpy(y, yo, a, x, xo, n);
    } else {
      ScalarKernels.axpy(y, yo, a, x, xo, n);
    }
  }

  /**
   * {@code C = A B} (overwriting C) for row-major A of m x k (row stride lda), B of k x n (ldb) and
   * C of m x n (ldc).
   */
  public static void gemm(
      float[] a,
      int ao,
      int lda,
      float[] b,
      int bo,
      int ldb,
      float[] c,
      int co,
      int ldc,
      int m,
      int n,
      int k) {
    if (VECTOR) {
      VectorKernels.gemm(a, ao, lda, b, bo, ldb, c, co, ldc, m, n, k);
    } else {
      ScalarKernels.gemm(a, ao, lda, b, bo, ldb, c, co, ldc, m, n, k);
    }
  }

  /**
   * The Hamilton product of the quaternion (r, i, j, k) with the quaternions whose components lie
   * at {@code x[x0 + t], x[x1 + t], x[x2 + t], x[x3 + t]}, added to those at {@code y[y0 + t],
   * ...}, for t in [0, n).
   */
  public static void hamilton(
      float r,
      float i,
      float j,
      float k,
      float[] x,
      int x0,
      int x1,
      int x2,
      int x3,
      float[] y,
      int y0,
      int y1,
      int y2,
      int y3,
      int n) {
    if (VECTOR) {
      VectorKernels.hamilton(r, i, j, k, x, x0, x1, x2, x3, y, y0, y1, y2, y3, n);
    } else {
      ScalarKernels.hamilton(r, i, j, k, x, x0, x1, x2, x3, y, y0, y1, y2, y3, n);
    }
  }
}

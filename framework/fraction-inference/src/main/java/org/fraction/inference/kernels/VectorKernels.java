package org.fraction.inference.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The primitives of {@link Simd} on the Vector API; loaded only when its module is present. */
final class VectorKernels {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Block sizes of the product: a k-block of B (KC rows of NC columns) stays in the L2 cache. */
  private static final int KC = 256;

  private static final int NC = 512;

  private VectorKernels() {}

  static int lanes() {
    return L;
  }

  static void axpyWhole(float[] y, int yo, float a, float[] x, int xo, int n) {
    FloatVector av = FloatVector.broadcast(S, a);
    for (int t = 0; t < n; t += L) {
      FloatVector.fromArray(S, x, xo + t)
          .fma(av, FloatVector.fromArray(S, y, yo + t))
          .intoArray(y, yo + t);
    }
  }

  /**
   * {@code y[yo + t] = sum_k v[k] * x[block[k] * blockSize + shift[k] + t]} for k in [from, to) and
   * t in [0, n), n a multiple of {@link #tile(int)} vectors: the sums of a tile stay in registers
   * while every nonzero adds to them, and are stored once.
   */
  static void gather(
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
    int tile = tile(n) * L;
    for (int t0 = 0; t0 < n; t0 += tile) {
      if (tile == 4 * L) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int k = from; k < to; k++) {
          int xo = block[k] * blockSize + shift[k] + t0;
          FloatVector w = FloatVector.broadcast(S, v[k]);
          s0 = FloatVector.fromArray(S, x, xo).fma(w, s0);
          s1 = FloatVector.fromArray(S, x, xo + L).fma(w, s1);
          s2 = FloatVector.fromArray(S, x, xo + 2 * L).fma(w, s2);
          s3 = FloatVector.fromArray(S, x, xo + 3 * L).fma(w, s3);
        }
        s0.intoArray(y, yo + t0);
        s1.intoArray(y, yo + t0 + L);
        s2.intoArray(y, yo + t0 + 2 * L);
        s3.intoArray(y, yo + t0 + 3 * L);
      } else if (tile == 2 * L) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        for (int k = from; k < to; k++) {
          int xo = block[k] * blockSize + shift[k] + t0;
          FloatVector w = FloatVector.broadcast(S, v[k]);
          s0 = FloatVector.fromArray(S, x, xo).fma(w, s0);
          s1 = FloatVector.fromArray(S, x, xo + L).fma(w, s1);
        }
        s0.intoArray(y, yo + t0);
        s1.intoArray(y, yo + t0 + L);
      } else {
        FloatVector s0 = FloatVector.zero(S);
        for (int k = from; k < to; k++) {
          s0 =
              FloatVector.fromArray(S, x, block[k] * blockSize + shift[k] + t0)
                  .fma(FloatVector.broadcast(S, v[k]), s0);
        }
        s0.intoArray(y, yo + t0);
      }
    }
  }

  /** Vectors per tile of {@link #gather} for runs of n floats: 1, 2 or 4. */
  static int tile(int n) {
    return n <= L ? 1 : n <= 2 * L ? 2 : 4;
  }

  /**
   * The Hamilton products of quaternions {@code v[4k..4k+3]} with the quaternion channels at {@code
   * x[block[k] * blockSize + shift[k] + t + c * xs]} (c = 0..3), summed over k in [from, to) into
   * {@code y[y0 + c * ys + t]}, t in [0, n), n a multiple of {@link #hamiltonTile(int)} vectors;
   * the sums stay in registers.
   */
  static void gatherHamilton(
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
    int tile = hamiltonTile(n) * L;
    for (int t0 = 0; t0 < n; t0 += tile) {
      int lanes = tile / L;
      for (int part = 0; part < lanes; part++) {
        int t = t0 + part * L;
        FloatVector o0 = FloatVector.zero(S);
        FloatVector o1 = o0;
        FloatVector o2 = o0;
        FloatVector o3 = o0;
        for (int k = from; k < to; k++) {
          int xo = block[k] * blockSize + shift[k] + t;
          FloatVector a = FloatVector.fromArray(S, x, xo);
          FloatVector b = FloatVector.fromArray(S, x, xo + xs);
          FloatVector c = FloatVector.fromArray(S, x, xo + 2 * xs);
          FloatVector d = FloatVector.fromArray(S, x, xo + 3 * xs);
          FloatVector r = FloatVector.broadcast(S, v[4 * k]);
          FloatVector i = FloatVector.broadcast(S, v[4 * k + 1]);
          FloatVector j = FloatVector.broadcast(S, v[4 * k + 2]);
          FloatVector kk = FloatVector.broadcast(S, v[4 * k + 3]);
          FloatVector ni = i.neg();
          FloatVector nj = j.neg();
          FloatVector nk = kk.neg();
          o0 = a.fma(r, b.fma(ni, c.fma(nj, d.fma(nk, o0))));
          o1 = a.fma(i, b.fma(r, c.fma(nk, d.fma(j, o1))));
          o2 = a.fma(j, b.fma(kk, c.fma(r, d.fma(ni, o2))));
          o3 = a.fma(kk, b.fma(nj, c.fma(i, d.fma(r, o3))));
        }
        o0.intoArray(y, y0 + t);
        o1.intoArray(y, y0 + ys + t);
        o2.intoArray(y, y0 + 2 * ys + t);
        o3.intoArray(y, y0 + 3 * ys + t);
      }
    }
  }

  static int hamiltonTile(int n) {
    return 1;
  }

  static void hamiltonWhole(
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
    FloatVector vr = FloatVector.broadcast(S, r);
    FloatVector vi = FloatVector.broadcast(S, i);
    FloatVector vj = FloatVector.broadcast(S, j);
    FloatVector vk = FloatVector.broadcast(S, k);
    FloatVector ni = vi.neg();
    FloatVector nj = vj.neg();
    FloatVector nk = vk.neg();
    for (int t = 0; t < n; t += L) {
      FloatVector a = FloatVector.fromArray(S, x, x0 + t);
      FloatVector b = FloatVector.fromArray(S, x, x1 + t);
      FloatVector c = FloatVector.fromArray(S, x, x2 + t);
      FloatVector d = FloatVector.fromArray(S, x, x3 + t);
      a.fma(vr, b.fma(ni, c.fma(nj, d.fma(nk, FloatVector.fromArray(S, y, y0 + t)))))
          .intoArray(y, y0 + t);
      a.fma(vi, b.fma(vr, c.fma(nk, d.fma(vj, FloatVector.fromArray(S, y, y1 + t)))))
          .intoArray(y, y1 + t);
      a.fma(vj, b.fma(vk, c.fma(vr, d.fma(ni, FloatVector.fromArray(S, y, y2 + t)))))
          .intoArray(y, y2 + t);
      a.fma(vk, b.fma(nj, c.fma(vi, d.fma(vr, FloatVector.fromArray(S, y, y3 + t)))))
          .intoArray(y, y3 + t);
    }
  }

  static void axpy(float[] y, int yo, float a, float[] x, int xo, int n) {
    FloatVector av = FloatVector.broadcast(S, a);
    int t = 0;
    for (int up = n - 2 * L; t <= up; t += 2 * L) {
      FloatVector.fromArray(S, x, xo + t)
          .fma(av, FloatVector.fromArray(S, y, yo + t))
          .intoArray(y, yo + t);
      FloatVector.fromArray(S, x, xo + t + L)
          .fma(av, FloatVector.fromArray(S, y, yo + t + L))
          .intoArray(y, yo + t + L);
    }
    for (; t <= n - L; t += L) {
      FloatVector.fromArray(S, x, xo + t)
          .fma(av, FloatVector.fromArray(S, y, yo + t))
          .intoArray(y, yo + t);
    }
    for (; t < n; t++) {
      y[yo + t] += a * x[xo + t];
    }
  }

  static void gemm(
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
    for (int j0 = 0; j0 < n; j0 += NC) {
      int nc = Math.min(NC, n - j0);
      for (int p0 = 0; p0 < k; p0 += KC) {
        int kc = Math.min(KC, k - p0);
        boolean accumulate = p0 > 0;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
          rows4(
              a,
              ao + i * lda + p0,
              lda,
              b,
              bo + p0 * ldb + j0,
              ldb,
              c,
              co + i * ldc + j0,
              ldc,
              nc,
              kc,
              accumulate);
        }
        for (; i < m; i++) {
          row1(
              a,
              ao + i * lda + p0,
              b,
              bo + p0 * ldb + j0,
              ldb,
              c,
              co + i * ldc + j0,
              nc,
              kc,
              accumulate);
        }
      }
    }
  }

  /**
   * Four rows of C over n columns: tiles of 4 x 2L in registers, then 4 x L, then plain columns.
   */
  private static void rows4(
      float[] a,
      int a0,
      int lda,
      float[] b,
      int b0,
      int ldb,
      float[] c,
      int c0,
      int ldc,
      int n,
      int k,
      boolean accumulate) {
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int j = 0;
    for (; j + 2 * L <= n; j += 2 * L) {
      FloatVector s00, s01, s10, s11, s20, s21, s30, s31;
      if (accumulate) {
        s00 = FloatVector.fromArray(S, c, c0 + j);
        s01 = FloatVector.fromArray(S, c, c0 + j + L);
        s10 = FloatVector.fromArray(S, c, c1 + j);
        s11 = FloatVector.fromArray(S, c, c1 + j + L);
        s20 = FloatVector.fromArray(S, c, c2 + j);
        s21 = FloatVector.fromArray(S, c, c2 + j + L);
        s30 = FloatVector.fromArray(S, c, c3 + j);
        s31 = FloatVector.fromArray(S, c, c3 + j + L);
      } else {
        s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = FloatVector.zero(S);
      }
      int bp = b0 + j;
      for (int p = 0; p < k; p++, bp += ldb) {
        FloatVector x0 = FloatVector.fromArray(S, b, bp);
        FloatVector x1 = FloatVector.fromArray(S, b, bp + L);
        FloatVector w = FloatVector.broadcast(S, a[a0 + p]);
        s00 = x0.fma(w, s00);
        s01 = x1.fma(w, s01);
        w = FloatVector.broadcast(S, a[a1 + p]);
        s10 = x0.fma(w, s10);
        s11 = x1.fma(w, s11);
        w = FloatVector.broadcast(S, a[a2 + p]);
        s20 = x0.fma(w, s20);
        s21 = x1.fma(w, s21);
        w = FloatVector.broadcast(S, a[a3 + p]);
        s30 = x0.fma(w, s30);
        s31 = x1.fma(w, s31);
      }
      s00.intoArray(c, c0 + j);
      s01.intoArray(c, c0 + j + L);
      s10.intoArray(c, c1 + j);
      s11.intoArray(c, c1 + j + L);
      s20.intoArray(c, c2 + j);
      s21.intoArray(c, c2 + j + L);
      s30.intoArray(c, c3 + j);
      s31.intoArray(c, c3 + j + L);
    }
    for (; j + L <= n; j += L) {
      FloatVector s0, s1, s2, s3;
      if (accumulate) {
        s0 = FloatVector.fromArray(S, c, c0 + j);
        s1 = FloatVector.fromArray(S, c, c1 + j);
        s2 = FloatVector.fromArray(S, c, c2 + j);
        s3 = FloatVector.fromArray(S, c, c3 + j);
      } else {
        s0 = s1 = s2 = s3 = FloatVector.zero(S);
      }
      int bp = b0 + j;
      for (int p = 0; p < k; p++, bp += ldb) {
        FloatVector x = FloatVector.fromArray(S, b, bp);
        s0 = x.fma(FloatVector.broadcast(S, a[a0 + p]), s0);
        s1 = x.fma(FloatVector.broadcast(S, a[a1 + p]), s1);
        s2 = x.fma(FloatVector.broadcast(S, a[a2 + p]), s2);
        s3 = x.fma(FloatVector.broadcast(S, a[a3 + p]), s3);
      }
      s0.intoArray(c, c0 + j);
      s1.intoArray(c, c1 + j);
      s2.intoArray(c, c2 + j);
      s3.intoArray(c, c3 + j);
    }
    for (; j < n; j++) {
      float s0 = accumulate ? c[c0 + j] : 0f;
      float s1 = accumulate ? c[c1 + j] : 0f;
      float s2 = accumulate ? c[c2 + j] : 0f;
      float s3 = accumulate ? c[c3 + j] : 0f;
      int bp = b0 + j;
      for (int p = 0; p < k; p++, bp += ldb) {
        float x = b[bp];
        s0 += a[a0 + p] * x;
        s1 += a[a1 + p] * x;
        s2 += a[a2 + p] * x;
        s3 += a[a3 + p] * x;
      }
      c[c0 + j] = s0;
      c[c1 + j] = s1;
      c[c2 + j] = s2;
      c[c3 + j] = s3;
    }
  }

  private static void row1(
      float[] a,
      int a0,
      float[] b,
      int b0,
      int ldb,
      float[] c,
      int c0,
      int n,
      int k,
      boolean accumulate) {
    if (!accumulate) {
      java.util.Arrays.fill(c, c0, c0 + n, 0f);
    }
    for (int p = 0; p < k; p++) {
      float w = a[a0 + p];
      if (w != 0f) {
        axpy(c, c0, w, b, b0 + p * ldb, n);
      }
    }
  }

  static void hamilton(
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
    FloatVector vr = FloatVector.broadcast(S, r);
    FloatVector vi = FloatVector.broadcast(S, i);
    FloatVector vj = FloatVector.broadcast(S, j);
    FloatVector vk = FloatVector.broadcast(S, k);
    FloatVector ni = vi.neg();
    FloatVector nj = vj.neg();
    FloatVector nk = vk.neg();
    int t = 0;
    for (; t <= n - L; t += L) {
      FloatVector a = FloatVector.fromArray(S, x, x0 + t);
      FloatVector b = FloatVector.fromArray(S, x, x1 + t);
      FloatVector c = FloatVector.fromArray(S, x, x2 + t);
      FloatVector d = FloatVector.fromArray(S, x, x3 + t);
      a.fma(vr, b.fma(ni, c.fma(nj, d.fma(nk, FloatVector.fromArray(S, y, y0 + t)))))
          .intoArray(y, y0 + t);
      a.fma(vi, b.fma(vr, c.fma(nk, d.fma(vj, FloatVector.fromArray(S, y, y1 + t)))))
          .intoArray(y, y1 + t);
      a.fma(vj, b.fma(vk, c.fma(vr, d.fma(ni, FloatVector.fromArray(S, y, y2 + t)))))
          .intoArray(y, y2 + t);
      a.fma(vk, b.fma(nj, c.fma(vi, d.fma(vr, FloatVector.fromArray(S, y, y3 + t)))))
          .intoArray(y, y3 + t);
    }
    if (t < n) {
      ScalarKernels.hamilton(
          r, i, j, k, x, x0 + t, x1 + t, x2 + t, x3 + t, y, y0 + t, y1 + t, y2 + t, y3 + t, n - t);
    }
  }
}

package org.fraction.engine.train.fused;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import org.bytedeco.javacpp.FloatPointer;

/**
 * The fused step's matrix products. A large product is cut into {@value #PIECES} pieces along the
 * longer side of its result, and the pieces run on a {@link WorkTeam}, each as a single-threaded
 * BLAS call. The cut is the same whatever the team's size, so the result is too.
 */
final class Products {

  /** Products below this many multiply-adds run as one call: their pieces would be too short. */
  static final long SPLIT_MACS = 2_000_000L;

  static final int PIECES = 4;

  /** Pieces start at multiples of this many rows or columns (one 64-byte line of floats). */
  private static final int ALIGN = 16;

  private final WorkTeam team;

  /**
   * @param team the threads that compute the pieces; a team of one computes them one after another,
   *     each threaded as the BLAS library is
   */
  Products(WorkTeam team) {
    this.team = team;
  }

  /** c[m, n] = op(a) · op(b), all row-major (op transposes where asked). */
  void multiply(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      FloatPointer a,
      int lda,
      FloatPointer b,
      int ldb,
      FloatPointer c,
      int ldc) {
    if ((long) m * n * k < SPLIT_MACS) {
      gemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
      return;
    }
    boolean byColumns = n >= m;
    int side = byColumns ? n : m;
    int step = Math.max(ALIGN, (side / PIECES + ALIGN - 1) / ALIGN * ALIGN);
    int pieces = (side + step - 1) / step;
    team.run(
        pieces,
        p -> {
          int from = p * step;
          int size = Math.min(step, side - from);
          if (byColumns) {
            gemm(
                transA,
                transB,
                m,
                size,
                k,
                a,
                lda,
                at(b, transB ? (long) from * ldb : from),
                ldb,
                at(c, from),
                ldc);
          } else {
            gemm(
                transA,
                transB,
                size,
                n,
                k,
                at(a, transA ? from : (long) from * lda),
                lda,
                b,
                ldb,
                at(c, (long) from * ldc),
                ldc);
          }
        });
  }

  private static FloatPointer at(FloatPointer p, long offset) {
    return NativeFloats.unowned(p.address() + 4 * (p.position() + offset), p.limit() - offset);
  }

  private static void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      FloatPointer a,
      int lda,
      FloatPointer b,
      int ldb,
      FloatPointer c,
      int ldc) {
    cblas_sgemm(
        CblasRowMajor,
        transA ? CblasTrans : CblasNoTrans,
        transB ? CblasTrans : CblasNoTrans,
        m,
        n,
        k,
        1f,
        a,
        lda,
        b,
        ldb,
        0f,
        c,
        ldc);
  }
}

package org.fraction.plugins.quaternion;

/**
 * Quaternion layers computed the slow, obvious way, one Hamilton product at a time on plain
 * doubles, independently of the block-matrix code under test.
 */
final class ExplicitQuaternions {

  private ExplicitQuaternions() {}

  /** The Hamilton product a ⊗ b of (w, x, y, z) quaternions. */
  static double[] hamilton(double[] a, double[] b) {
    return new double[] {
      a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
      a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
      a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
      a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0]
    };
  }

  /**
   * A dense quaternion layer without activation.
   *
   * @param x [batch][4 * inQ], component blocks
   * @param w [4][inQ][outQ]: r, i, j, k
   * @param bias 4 * outQ entries, or null
   * @return [batch][4 * outQ], component blocks
   */
  static double[][] dense(double[][] x, double[][][] w, double[] bias) {
    int inQ = w[0].length;
    int outQ = w[0][0].length;
    double[][] out = new double[x.length][4 * outQ];
    for (int n = 0; n < x.length; n++) {
      for (int p = 0; p < outQ; p++) {
        double[] sum = new double[4];
        for (int q = 0; q < inQ; q++) {
          double[] weight = {w[0][q][p], w[1][q][p], w[2][q][p], w[3][q][p]};
          double[] input = {x[n][q], x[n][inQ + q], x[n][2 * inQ + q], x[n][3 * inQ + q]};
          double[] product = hamilton(weight, input);
          for (int c = 0; c < 4; c++) {
            sum[c] += product[c];
          }
        }
        for (int c = 0; c < 4; c++) {
          out[n][c * outQ + p] = sum[c] + (bias == null ? 0 : bias[c * outQ + p]);
        }
      }
    }
    return out;
  }

  /**
   * A 2-D quaternion convolution without activation, zero padding.
   *
   * @param x [batch][4 * inQ][h][w], channel blocks
   * @param w [4][inQ][outQ][kh][kw]
   * @param bias 4 * outQ entries, or null
   */
  static double[][][][] convolution(
      double[][][][] x, double[][][][][] w, double[] bias, int stride, int pad) {
    int inQ = w[0].length;
    int outQ = w[0][0].length;
    int kh = w[0][0][0].length;
    int kw = w[0][0][0][0].length;
    int h = x[0][0].length;
    int wd = x[0][0][0].length;
    int oh = (h + 2 * pad - kh) / stride + 1;
    int ow = (wd + 2 * pad - kw) / stride + 1;
    double[][][][] out = new double[x.length][4 * outQ][oh][ow];
    for (int n = 0; n < x.length; n++) {
      for (int p = 0; p < outQ; p++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double[] sum = new double[4];
            for (int q = 0; q < inQ; q++) {
              for (int dy = 0; dy < kh; dy++) {
                for (int dx = 0; dx < kw; dx++) {
                  int y = oy * stride + dy - pad;
                  int xx = ox * stride + dx - pad;
                  if (y < 0 || y >= h || xx < 0 || xx >= wd) {
                    continue;
                  }
                  double[] weight = {
                    w[0][q][p][dy][dx], w[1][q][p][dy][dx], w[2][q][p][dy][dx], w[3][q][p][dy][dx]
                  };
                  double[] input = {
                    x[n][q][y][xx],
                    x[n][inQ + q][y][xx],
                    x[n][2 * inQ + q][y][xx],
                    x[n][3 * inQ + q][y][xx]
                  };
                  double[] product = hamilton(weight, input);
                  for (int c = 0; c < 4; c++) {
                    sum[c] += product[c];
                  }
                }
              }
            }
            for (int c = 0; c < 4; c++) {
              out[n][c * outQ + p][oy][ox] = sum[c] + (bias == null ? 0 : bias[c * outQ + p]);
            }
          }
        }
      }
    }
    return out;
  }
}

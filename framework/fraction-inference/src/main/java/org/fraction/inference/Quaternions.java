package org.fraction.inference;

/** The real block weight a quaternion weight acts as (see {@link Weight}). */
final class Quaternions {

  /** Sign of block (output component a, input component b); the component there is a xor b. */
  static final int[][] SIGN = {
    {1, -1, -1, -1},
    {1, 1, -1, 1},
    {1, 1, 1, -1},
    {1, -1, 1, 1}
  };

  private Quaternions() {}

  /**
   * The dense real weight of a quaternion layer: [in, out] for a dense layer (component shape [in4,
   * out4]), [out, in, kh, kw] for a convolution (component shape [in4, out4, kh, kw]).
   *
   * @param components the four component tensors, dense and c order
   */
  static float[] realWeight(int[] componentShape, float[][] components) {
    int in4 = componentShape[0];
    int out4 = componentShape[1];
    int area = componentShape.length == 4 ? componentShape[2] * componentShape[3] : 1;
    boolean convolution = componentShape.length == 4;
    int in = 4 * in4;
    int out = 4 * out4;
    float[] real = new float[in * out * area];
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        float[] comp = components[a ^ b];
        float sign = SIGN[a][b];
        for (int q = 0; q < in4; q++) {
          for (int p = 0; p < out4; p++) {
            int src = (q * out4 + p) * area;
            int o = a * out4 + p;
            int i = b * in4 + q;
            int dst = convolution ? (o * in + i) * area : i * out + o;
            for (int t = 0; t < area; t++) {
              real[dst + t] = sign * comp[src + t];
            }
          }
        }
      }
    }
    return real;
  }

  /** The four dense component tensors of a whole-quaternion weight. */
  static float[][] components(Weight.Quaternion w) {
    int size = (int) Weight.product(w.componentShape());
    float[][] c = new float[4][size];
    int n = w.quaternions();
    for (int e = 0; e < n; e++) {
      int pos = w.positions() == null ? e : w.positions()[e];
      for (int k = 0; k < 4; k++) {
        c[k][pos] = w.values()[4 * e + k];
      }
    }
    return c;
  }

  static float[][] components(Weight.QuaternionComponents w) {
    float[][] c = new float[4][];
    for (int k = 0; k < 4; k++) {
      c[k] = w.components()[k].toDense();
    }
    return c;
  }
}

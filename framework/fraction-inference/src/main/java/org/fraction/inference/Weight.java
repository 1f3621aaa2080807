package org.fraction.inference;

import java.util.Arrays;

/**
 * The weight of a dense or convolution layer, keeping only what survived pruning.
 *
 * <p>Real layouts are those of the training framework: a dense layer's weight is {@code [in, out]},
 * a convolution's {@code [out, in, kh, kw]}. A quaternion layer is stored as its components r, i,
 * j, k of shape {@code [in/4, out/4]} or {@code [in/4, out/4, kh, kw]}; with channels laid out as
 * four component blocks [x_r | x_i | x_j | x_k] it acts as the real block weight
 *
 * <pre>
 *   [ r  -i  -j  -k ]
 *   [ i   r  -k   j ]
 *   [ j   k   r  -i ]
 *   [ k  -j   i   r ]
 * </pre>
 *
 * (output block a, input block b holds component {@code a xor b} with the sign shown).
 */
public sealed interface Weight {

  /** Entries of the dense real weight this stands for. */
  long realSize();

  /** Nonzero entries of that real weight. */
  long realNonZeros();

  default double density() {
    return realSize() == 0 ? 0 : (double) realNonZeros() / realSize();
  }

  /**
   * A real tensor, dense or sparse.
   *
   * @param shape the tensor's shape
   * @param positions the c-order flat positions of the stored values, ascending; null when every
   *     position is stored (dense)
   * @param values the stored values
   */
  record Real(int[] shape, int[] positions, float[] values) implements Weight {
    public Real {
      long size = product(shape);
      if (positions == null ? values.length != size : positions.length != values.length) {
        throw new IllegalArgumentException(
            "a tensor of shape "
                + Arrays.toString(shape)
                + " with "
                + (positions == null ? "no" : positions.length)
                + " positions cannot hold "
                + values.length
                + " values");
      }
      if (positions != null) {
        checkPositions(positions, size);
      }
    }

    public static Real dense(int[] shape, float[] values) {
      return new Real(shape, null, values);
    }

    /** Keeps the nonzero entries of a dense c-order tensor. */
    public static Real sparse(int[] shape, float[] dense) {
      int n = 0;
      for (float v : dense) {
        n += v != 0f ? 1 : 0;
      }
      int[] positions = new int[n];
      float[] values = new float[n];
      int k = 0;
      for (int p = 0; p < dense.length; p++) {
        if (dense[p] != 0f) {
          positions[k] = p;
          values[k++] = dense[p];
        }
      }
      return new Real(shape, positions, values);
    }

    public int size() {
      return (int) product(shape);
    }

    /** The dense c-order tensor. */
    public float[] toDense() {
      if (positions == null) {
        return values.clone();
      }
      float[] out = new float[size()];
      for (int k = 0; k < positions.length; k++) {
        out[positions[k]] = values[k];
      }
      return out;
    }

    public int nonZeros() {
      int n = 0;
      for (float v : values) {
        n += v != 0f ? 1 : 0;
      }
      return n;
    }

    @Override
    public long realSize() {
      return size();
    }

    @Override
    public long realNonZeros() {
      return nonZeros();
    }
  }

  /**
   * A quaternion weight whose pruning kept or removed whole quaternions (r, i, j, k share a mask).
   *
   * @param componentShape the shape of each component tensor
   * @param positions c-order flat positions in the component shape of the stored quaternions,
   *     ascending; null when every quaternion is stored
   * @param values four values (r, i, j, k) per stored quaternion
   */
  record Quaternion(int[] componentShape, int[] positions, float[] values) implements Weight {
    public Quaternion {
      long size = product(componentShape);
      if (componentShape.length < 2
          || values.length != 4L * (positions == null ? size : positions.length)) {
        throw new IllegalArgumentException(
            "a quaternion weight of component shape "
                + Arrays.toString(componentShape)
                + " with "
                + (positions == null ? "all" : positions.length)
                + " quaternions cannot hold "
                + values.length
                + " values");
      }
      if (positions != null) {
        checkPositions(positions, size);
      }
    }

    public int quaternions() {
      return positions == null ? (int) product(componentShape) : positions.length;
    }

    @Override
    public long realSize() {
      return 16 * product(componentShape);
    }

    @Override
    public long realNonZeros() {
      long n = 0;
      for (int q = 0; q < quaternions(); q++) {
        for (int c = 0; c < 4; c++) {
          n += values[4 * q + c] != 0f ? 4 : 0;
        }
      }
      return n;
    }
  }

  /**
   * A quaternion weight pruned entry by entry: each component tensor stored on its own.
   *
   * @param components r, i, j, k, each of the component shape
   */
  record QuaternionComponents(int[] componentShape, Real[] components) implements Weight {
    public QuaternionComponents {
      if (components.length != 4) {
        throw new IllegalArgumentException(
            "a quaternion weight has four components, got " + components.length);
      }
      for (Real c : components) {
        if (!Arrays.equals(c.shape(), componentShape)) {
          throw new IllegalArgumentException(
              "component of shape "
                  + Arrays.toString(c.shape())
                  + " in a weight of component shape "
                  + Arrays.toString(componentShape));
        }
      }
    }

    @Override
    public long realSize() {
      return 16 * product(componentShape);
    }

    @Override
    public long realNonZeros() {
      long n = 0;
      for (Real c : components) {
        n += 4L * c.nonZeros();
      }
      return n;
    }
  }

  static long product(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " has a dimension that is not positive");
      }
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "tensor of shape " + Arrays.toString(shape) + " is too large");
    }
    return n;
  }

  private static void checkPositions(int[] positions, long size) {
    int previous = -1;
    for (int p : positions) {
      if (p <= previous || p >= size) {
        throw new IllegalArgumentException(
            "positions must ascend within [0, " + size + "), got " + p + " after " + previous);
      }
      previous = p;
    }
  }
}

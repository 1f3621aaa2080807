package org.fraction.plugins.quaternion;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * How a quaternion layer's components r, i, j, k are drawn. Fans are counted in quaternions times
 * the kernel area: a layer from 196 to 75 quaternions has fan-in 196, a 3x3 convolution from 16 to
 * 32 quaternion channels has fan-in 144.
 *
 * <p>The polar initialisers (Parcollet et al., "Quaternion recurrent neural networks", 2019) draw
 * each weight as {@code |w| (cos θ + u sin θ)}: the magnitude follows a chi distribution with 4
 * degrees of freedom and scale σ, the phase θ is uniform in [-π, π] and the axis u is uniform on
 * the unit sphere of pure quaternions. Then E|w|² = 4σ², so each real entry of the block weight has
 * the variance a real layer of the same real width would get from the corresponding real criterion.
 */
public enum QuaternionInit {

  /**
   * Each component Glorot-uniform on its own tensor: U(±sqrt(6 / (fanIn + fanOut))), fans in
   * quaternions.
   */
  XAVIER_PER_COMPONENT,

  /** Polar, σ = 1 / sqrt(2 (fanIn + fanOut)). */
  QUATERNION_GLOROT,

  /**
   * Polar, σ = 1 / sqrt(2 fanIn): keeps the variance of ReLU activations, like He for real layers.
   */
  QUATERNION_HE;

  /**
   * Fills the components in place.
   *
   * @param components the four component tensors as rows of a [4, n] matrix (r, i, j, k)
   * @param fanIn input quaternions times the kernel area
   * @param fanOut output quaternions times the kernel area
   */
  public void fill(INDArray components, long fanIn, long fanOut) {
    if (components.rank() != 2 || components.size(0) != 4) {
      throw new IllegalArgumentException(
          "components must be a [4, n] matrix, got "
              + java.util.Arrays.toString(components.shape()));
    }
    switch (this) {
      case XAVIER_PER_COMPONENT -> {
        double bound = Math.sqrt(6.0 / (fanIn + fanOut));
        components.assign(
            Nd4j.rand(components.dataType(), components.shape()).muli(2 * bound).subi(bound));
      }
      case QUATERNION_GLOROT -> polar(components, 1.0 / Math.sqrt(2.0 * (fanIn + fanOut)));
      case QUATERNION_HE -> polar(components, 1.0 / Math.sqrt(2.0 * fanIn));
      default -> throw new IllegalStateException(name());
    }
  }

  private static void polar(INDArray components, double sigma) {
    long n = components.size(1);
    var type = components.dataType();
    // chi(4) * sigma: the norm of four independent N(0, sigma^2) draws
    INDArray magnitude =
        Transforms.sqrt(Transforms.pow(Nd4j.randn(type, 4, n), 2, false).sum(0), false).muli(sigma);
    INDArray phase = Nd4j.rand(type, n).muli(2 * Math.PI).subi(Math.PI);
    INDArray axis = Nd4j.randn(type, 3, n);
    INDArray axisNorm = Transforms.sqrt(Transforms.pow(axis, 2, true).sum(0), false);
    axis.diviRowVector(axisNorm.reshape(1, n));
    INDArray real = Transforms.cos(phase, true).muli(magnitude).reshape(1, n);
    INDArray imaginary = Transforms.sin(phase, true).muli(magnitude).reshape(1, n);
    // built whole and assigned at once: components is usually a view into a network's parameters
    components.assign(Nd4j.vstack(real, axis.muliRowVector(imaginary)));
  }
}

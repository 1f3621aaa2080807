package org.fraction.inference.kernels;

/**
 * The product of a batch of feature vectors with a layer's weight. Inputs and outputs are held
 * feature-major: {@code x[i * batch + b]} is feature i of image b.
 */
public interface MatrixKernel {

  /** {@code y[out][batch] = x[in][batch] W}, overwriting y. */
  void multiply(float[] x, float[] y, int batch);

  /** Multiply-accumulates per image. */
  long macs();
}

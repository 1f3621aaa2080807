package org.fraction.inference.kernels;

import org.fraction.inference.Activation;

/** A convolution over a batch of images, with its epilogue (scale, bias, activation). */
public interface ConvKernel {

  /**
   * Convolves {@code batch} images {@code x} ([batch, c, h, w]) into {@code y} ([batch, o, ho,
   * wo]).
   *
   * @param scratch at least {@link #scratchSize(int)} floats
   */
  void run(
      float[] x,
      float[] y,
      int batch,
      float[] scale,
      float[] bias,
      Activation act,
      float[] scratch);

  /** Scratch floats a batch needs. */
  int scratchSize(int batch);

  /** Multiply-accumulates per image. */
  long macs();
}

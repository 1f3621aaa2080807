package org.fraction.spi.model;

import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * A layer configuration that states its own multiply-accumulate (MAC) count, for layers the
 * engine's built-in rules do not know (they cover Deeplearning4j's dense, output, convolution,
 * depthwise and separable convolution, deconvolution, batch-norm and pooling layers).
 *
 * <p>Implement it on the layer's configuration class (the {@code Layer} subclass placed in the
 * graph). The engine asks it first, before any built-in rule. Count the multiplications by weights
 * for one example with every weight present; the engine derives the pruned ("sparse") count by
 * scaling this number by the fraction of the layer's prunable weights that the round's masks keep.
 * That scaling is exact when every weight takes part in the same number of multiplications, as in
 * dense and convolution layers and in quaternion layers, where each of the four components r, i, j,
 * k appears in four blocks of the real weight matrix.
 *
 * <p>A quaternion dense layer of real widths {@code nIn} and {@code nOut} therefore reports {@code
 * nIn * nOut}, the count of the real layer of the same width (its parameters are a quarter of that,
 * its multiplications are not): {@code return nIn * nOut;}. A quaternion convolution reports {@code
 * kh * kw * nIn * nOut * outHeight * outWidth}, read from {@code output}.
 */
public interface MacCounting {

  /**
   * Multiply-accumulates for one example.
   *
   * @param input the type of the layer's input, after any input preprocessor
   * @param output the type of the layer's output
   */
  long macsPerExample(InputType input, InputType output);
}

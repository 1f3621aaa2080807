package org.fraction.plugins.quaternion;

import java.util.Arrays;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.fraction.spi.model.Pieces;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The real weight a quaternion layer acts as, and the way its gradient flows back to r, i, j, k.
 *
 * <p>With input and output channels laid out as four component blocks, the Hamilton product W ⊗ x
 * is the real product with the block matrix
 *
 * <pre>
 *   out_r   [ r  -i  -j  -k ]   x_r
 *   out_i = [ i   r  -k   j ] · x_i
 *   out_j   [ j   k   r  -i ]   x_j
 *   out_k   [ k  -j   i   r ]   x_k
 * </pre>
 *
 * Block (a, b) holds component {@code a xor b} with a sign. All sixteen blocks at once are one
 * product of a fixed [16, 4] signed selection matrix with the components as a [4, n] matrix, and
 * the components' gradients are the transposed product with the sixteen gradient blocks: two nd4j
 * operations each way, nothing on the Java heap.
 *
 * <p>The layer asks for the weight whenever it needs it; it is assembled once after each new input
 * (so once per training step, shared by the forward pass and backpropagation) into a buffer that
 * lives as long as the layer. The layer keeps three buffers of the real weight's size (the weight,
 * its gradient and the sixteen blocks): memory traded for speed, as a real layer of the same width
 * holds that much in parameters and gradients alone.
 */
final class BlockWeight {

  /** Sign of block (output component a, input component b); the component is a xor b. */
  private static final int[][] SIGN = {
    {1, -1, -1, -1},
    {1, 1, -1, 1},
    {1, 1, 1, -1},
    {1, -1, 1, 1}
  };

  private final QuaternionLayer layer;
  private final boolean convolution;
  private final long[] realShape;
  private boolean stale = true;
  // buffers and the views on them, made once: creating an nd4j view costs about as much as
  // copying a small layer's weight
  private INDArray selection;
  private INDArray selectionTransposed;
  private INDArray weight;
  private INDArray weightBlocks;
  private INDArray gradient;
  private INDArray gradientBlocks;
  private INDArray blocks;
  private INDArray blocksByComponent;
  private INDArray params;
  private INDArray components;
  private INDArray gradients;
  private INDArray componentGradients;

  /**
   * @param convolution true for a convolution weight [outC, inC, kH, kW]; false for a dense weight
   *     [nIn, nOut]
   */
  BlockWeight(QuaternionLayer layer, boolean convolution) {
    this.layer = layer;
    this.convolution = convolution;
    long[] c = layer.componentShape();
    this.realShape =
        convolution ? new long[] {4 * c[1], 4 * c[0], c[2], c[3]} : new long[] {4 * c[0], 4 * c[1]};
  }

  /** The next request rebuilds the weight (the parameters may have changed). */
  void invalidate() {
    stale = true;
  }

  /**
   * The real block weight for the layer's current parameters, in the layout of Deeplearning4j's own
   * dense or convolution weight, c order.
   *
   * @param layerParams the layer's parameter view (components first, see {@link QuaternionParams})
   */
  INDArray weight(INDArray layerParams) {
    return weight(layerParams, Pieces.IN_TURN);
  }

  /**
   * The same, a dense layer's weight assembled in four pieces (one per block row) through these.
   */
  INDArray weight(INDArray layerParams, Pieces pieces) {
    if (layerParams != params) {
      params = layerParams;
      components = QuaternionParams.components(layer, layerParams);
    }
    if (weight == null || weight.dataType() != components.dataType()) {
      allocate(components.dataType());
    }
    if (stale) {
      if (!convolution && DenseBlocks.applies(components, weight)) {
        long[] c = layer.componentShape();
        DenseBlocks.assemble(
            components, weight, Math.toIntExact(c[0]), Math.toIntExact(c[1]), SIGN, pieces);
      } else {
        Nd4j.gemm(selection, components, blocks, false, false, 1.0, 0.0);
        weightBlocks.assign(blocksByComponent);
      }
      stale = false;
    }
    return weight;
  }

  /** The buffer the real layer writes the real weight's gradient to. */
  INDArray gradientBuffer() {
    return gradient;
  }

  /**
   * Folds the real weight's gradient (in {@link #gradientBuffer()}) into the components' gradients
   * and returns the layer's gradient: r, i, j, k and, if present, the bias as computed by the real
   * layer.
   *
   * @param layerGradients the layer's gradient view (components first)
   */
  Gradient fold(INDArray layerGradients, java.util.Map<String, INDArray> views, Gradient real) {
    foldInto(layerGradients);
    Gradient out = new DefaultGradient();
    for (String key : QuaternionParams.COMPONENTS) {
      out.setGradientFor(key, views.get(key), 'c');
    }
    INDArray bias = real.getGradientFor(QuaternionParams.BIAS);
    if (bias != null) {
      out.setGradientFor(QuaternionParams.BIAS, bias);
    }
    return out;
  }

  /**
   * Folds the real weight's gradient (in {@link #gradientBuffer()}) into the components' gradients
   * in the layer's gradient view (components first).
   */
  void foldInto(INDArray layerGradients) {
    foldInto(layerGradients, Pieces.IN_TURN);
  }

  /** The same, a dense layer's fold computed in four pieces (one per component) through these. */
  void foldInto(INDArray layerGradients, Pieces pieces) {
    if (layerGradients != gradients) {
      gradients = layerGradients;
      componentGradients = QuaternionParams.components(layer, layerGradients);
    }
    if (!convolution && DenseBlocks.applies(gradient, componentGradients)) {
      long[] c = layer.componentShape();
      DenseBlocks.fold(
          gradient, componentGradients, Math.toIntExact(c[0]), Math.toIntExact(c[1]), SIGN, pieces);
      return;
    }
    blocksByComponent.assign(gradientBlocks);
    Nd4j.gemm(selectionTransposed, blocks, componentGradients, false, false, 1.0, 0.0);
  }

  /** [a, b, then the component's own dimensions] */
  private long[] blockShape() {
    long[] c = layer.componentShape();
    long[] s = new long[2 + c.length];
    s[0] = 4;
    s[1] = 4;
    System.arraycopy(c, 0, s, 2, c.length);
    return s;
  }

  /** A view of a real weight (or gradient) indexed [a, b, component dims]. */
  private INDArray blockView(INDArray real) {
    long[] c = layer.componentShape();
    if (convolution) {
      // [outC, inC, kH, kW] = [a, p, b, q, y, x] -> [a, b, q, p, y, x]
      return real.reshape('c', 4, c[1], 4, c[0], c[2], c[3]).permute(0, 2, 3, 1, 4, 5);
    }
    // [nIn, nOut] = [b, q, a, p] -> [a, b, q, p]
    return real.reshape('c', 4, c[0], 4, c[1]).permute(2, 0, 1, 3);
  }

  private void allocate(DataType type) {
    long n = QuaternionParams.componentLength(layer);
    double[][] select = new double[16][4];
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        select[4 * a + b][a ^ b] = SIGN[a][b];
      }
    }
    try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
      selection = Nd4j.create(select).castTo(type);
      selectionTransposed = selection.transpose().dup('c');
      weight = Nd4j.create(type, realShape, 'c');
      gradient = Nd4j.create(type, realShape, 'c');
      blocks = Nd4j.create(type, new long[] {16, n}, 'c');
      weightBlocks = blockView(weight);
      gradientBlocks = blockView(gradient);
      blocksByComponent = blocks.reshape('c', blockShape());
    }
    stale = true;
  }

  @Override
  public String toString() {
    return "BlockWeight" + Arrays.toString(realShape);
  }
}

package org.fraction.plugins.quaternion;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The working quaternion convolution: Deeplearning4j's convolution layer (im2col and gemm, or its
 * oneDNN helper when enabled) on the assembled block weight.
 */
final class QuaternionConvolution extends ConvolutionLayer {

  private final BlockWeight block;

  QuaternionConvolution(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
    QuaternionLayers.rejectWeightNoise(layerConf());
    this.block = new BlockWeight((QuaternionLayer) layerConf(), true);
  }

  @Override
  public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
    super.setInput(input, workspaceMgr);
    block.invalidate();
  }

  @Override
  protected INDArray getParamWithNoise(
      String param, boolean training, LayerWorkspaceMgr workspaceMgr) {
    return QuaternionLayers.param(this, block, param);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    QuaternionLayers.param(this, block, QuaternionLayers.REAL_WEIGHT);
    gradientViews.put(QuaternionLayers.REAL_WEIGHT, block.gradientBuffer());
    try {
      Pair<Gradient, INDArray> real = super.backpropGradient(epsilon, workspaceMgr);
      return new Pair<>(
          QuaternionLayers.fold(this, block, gradientViews, real.getFirst()), real.getSecond());
    } finally {
      gradientViews.remove(QuaternionLayers.REAL_WEIGHT);
    }
  }
}

package org.fraction.plugins.quaternion;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The working quaternion output layer: Deeplearning4j's output layer on the assembled block weight.
 */
final class QuaternionOutput extends OutputLayer {

  private final BlockWeight block;

  QuaternionOutput(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
    QuaternionLayers.rejectWeightNoise(layerConf());
    this.block = new BlockWeight((QuaternionLayer) layerConf(), false);
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

  @Override
  public void setParams(INDArray params) {
    setParams(params, 'c');
  }
}

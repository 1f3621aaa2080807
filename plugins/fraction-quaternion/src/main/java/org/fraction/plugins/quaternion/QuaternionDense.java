package org.fraction.plugins.quaternion;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.fraction.spi.model.DerivedDenseWeight;
import org.fraction.spi.model.Pieces;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The working dense quaternion layer: Deeplearning4j's dense forward and backward passes, run on
 * the assembled block weight.
 */
final class QuaternionDense extends BaseLayer<QuaternionDenseLayer> implements DerivedDenseWeight {

  private final BlockWeight block;

  QuaternionDense(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
    QuaternionLayers.rejectWeightNoise(layerConf());
    this.block = new BlockWeight(layerConf(), false);
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
  public INDArray realWeight() {
    return realWeight(Pieces.IN_TURN);
  }

  @Override
  public INDArray realWeight(Pieces pieces) {
    block.invalidate();
    return block.weight(params(), pieces);
  }

  @Override
  public INDArray realWeightGradient() {
    block.weight(params());
    return block.gradientBuffer();
  }

  @Override
  public void foldRealWeightGradient() {
    foldRealWeightGradient(Pieces.IN_TURN);
  }

  @Override
  public void foldRealWeightGradient(Pieces pieces) {
    block.foldInto(getGradientsViewArray(), pieces);
  }

  @Override
  public void setParams(INDArray params) {
    setParams(params, 'c');
  }

  @Override
  public void fit(INDArray input, LayerWorkspaceMgr workspaceMgr) {
    throw new UnsupportedOperationException("not supported");
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public boolean hasBias() {
    return layerConf().hasBias();
  }

  @Override
  public boolean hasLayerNorm() {
    return false;
  }
}

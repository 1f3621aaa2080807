package org.fraction.plugins.quaternion;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What the three working quaternion layers share. */
final class QuaternionLayers {

  /** The key under which Deeplearning4j's own code looks up the real weight and its gradient. */
  static final String REAL_WEIGHT = DefaultParamInitializer.WEIGHT_KEY;

  private QuaternionLayers() {}

  static void rejectWeightNoise(BaseLayer conf) {
    if (conf.getWeightNoise() != null) {
      throw new IllegalArgumentException(
          "quaternion layer '" + conf.getLayerName() + "' does not support weight noise");
    }
  }

  /** The real weight for {@code W}, the stored parameter otherwise. */
  static INDArray param(Layer layer, BlockWeight block, String key) {
    if (REAL_WEIGHT.equals(key)) {
      return block.weight(layer.params());
    }
    return layer.getParam(key);
  }

  static Gradient fold(Layer layer, BlockWeight block, Map<String, INDArray> views, Gradient real) {
    return block.fold(layer.getGradientsViewArray(), views, real);
  }
}

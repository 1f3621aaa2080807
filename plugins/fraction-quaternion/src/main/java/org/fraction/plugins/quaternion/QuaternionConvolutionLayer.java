package org.fraction.plugins.quaternion;

import java.util.Collection;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D quaternion convolution: {@code nIn/4} input to {@code nOut/4} output quaternion channels,
 * parameters r, i, j, k of shape [nIn/4, nOut/4, kH, kW] and a real bias of nOut entries (often
 * left out). Channels are laid out as four component blocks; the layer runs Deeplearning4j's own
 * convolution on the assembled real weight, so it reaches the same kernels (and the same helpers,
 * when they are enabled) as a real {@link ConvolutionLayer}.
 */
public class QuaternionConvolutionLayer extends ConvolutionLayer implements QuaternionLayer {

  private QuaternionInit quaternionInit = QuaternionInit.QUATERNION_HE;

  /** For deserialisation. */
  public QuaternionConvolutionLayer() {}

  private QuaternionConvolutionLayer(Builder builder) {
    super(builder);
    this.quaternionInit = builder.quaternionInit;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    checkWidths();
    QuaternionConvolution layer = new QuaternionConvolution(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return QuaternionParams.getInstance();
  }

  @Override
  public long[] componentShape() {
    return new long[] {nIn / 4, nOut / 4, kernelSize[0], kernelSize[1]};
  }

  @Override
  public long receptiveField() {
    return (long) kernelSize[0] * kernelSize[1];
  }

  @Override
  public QuaternionInit getQuaternionInit() {
    return quaternionInit;
  }

  public void setQuaternionInit(QuaternionInit quaternionInit) {
    this.quaternionInit = quaternionInit;
  }

  @Override
  public QuaternionConvolutionLayer clone() {
    return (QuaternionConvolutionLayer) super.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuaternionConvolutionLayer q
        && super.equals(o)
        && quaternionInit == q.quaternionInit;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), quaternionInit);
  }

  @Override
  public String toString() {
    return "QuaternionConvolutionLayer("
        + layerName
        + ", nIn="
        + nIn
        + ", nOut="
        + nOut
        + ", kernel="
        + java.util.Arrays.toString(kernelSize)
        + ", stride="
        + java.util.Arrays.toString(stride)
        + ", padding="
        + java.util.Arrays.toString(padding)
        + ", hasBias="
        + hasBias
        + ", init="
        + quaternionInit
        + ")";
  }

  /**
   * Builds a {@link QuaternionConvolutionLayer}; set {@link #quaternionInit} before the inherited
   * options.
   */
  public static class Builder extends ConvolutionLayer.Builder {

    private QuaternionInit quaternionInit = QuaternionInit.QUATERNION_HE;

    public Builder(int... kernelSize) {
      super(kernelSize);
    }

    public Builder quaternionInit(QuaternionInit init) {
      this.quaternionInit = Objects.requireNonNull(init);
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public QuaternionConvolutionLayer build() {
      if (nOut % 4 != 0 || (nIn != 0 && nIn % 4 != 0)) {
        throw new IllegalArgumentException(
            "quaternion layer '"
                + layerName
                + "' needs channel counts that are multiples of 4,"
                + " got nIn="
                + nIn
                + ", nOut="
                + nOut);
      }
      org.deeplearning4j.util.ConvolutionUtils.validateConvolutionModePadding(
          convolutionMode, padding);
      org.deeplearning4j.util.ConvolutionUtils.validateCnnKernelStridePadding(
          kernelSize, stride, padding);
      return new QuaternionConvolutionLayer(this);
    }
  }
}

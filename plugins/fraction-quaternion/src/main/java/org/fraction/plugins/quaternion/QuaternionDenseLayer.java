package org.fraction.plugins.quaternion;

import java.util.Collection;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fully connected quaternion layer: {@code nIn/4} input quaternions to {@code nOut/4} output
 * quaternions, parameters r, i, j, k of shape [nIn/4, nOut/4] and a real bias of nOut entries.
 * Inputs and outputs are real vectors laid out as four component blocks [x_r | x_i | x_j | x_k].
 */
public class QuaternionDenseLayer extends FeedForwardLayer implements QuaternionLayer {

  private boolean hasBias = true;
  private QuaternionInit quaternionInit = QuaternionInit.QUATERNION_HE;

  /** For deserialisation. */
  public QuaternionDenseLayer() {}

  private QuaternionDenseLayer(Builder builder) {
    super(builder);
    this.hasBias = builder.hasBias;
    this.quaternionInit = builder.quaternionInit;
    initializeConstraints(builder);
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
    QuaternionDense layer = new QuaternionDense(conf, networkDataType);
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
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    InputType outputType = getOutputType(-1, inputType);
    long params = initializer().numParams(this);
    long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(params);
    return new LayerMemoryReport.Builder(
            layerName, QuaternionDenseLayer.class, inputType, outputType)
        .standardMemory(params, updaterState)
        // the assembled real weight and its block buffer; in training also the real weight's
        // gradient
        .workingMemory(2 * nIn * nOut, 0, 3 * nIn * nOut, outputType.arrayElementsPerExample())
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }

  @Override
  public long[] componentShape() {
    return new long[] {nIn / 4, nOut / 4};
  }

  @Override
  public long receptiveField() {
    return 1;
  }

  @Override
  public boolean hasBias() {
    return hasBias;
  }

  public boolean isHasBias() {
    return hasBias;
  }

  public void setHasBias(boolean hasBias) {
    this.hasBias = hasBias;
  }

  @Override
  public QuaternionInit getQuaternionInit() {
    return quaternionInit;
  }

  public void setQuaternionInit(QuaternionInit quaternionInit) {
    this.quaternionInit = quaternionInit;
  }

  @Override
  public QuaternionDenseLayer clone() {
    return (QuaternionDenseLayer) super.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuaternionDenseLayer q
        && super.equals(o)
        && hasBias == q.hasBias
        && quaternionInit == q.quaternionInit;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), hasBias, quaternionInit);
  }

  @Override
  public String toString() {
    return "QuaternionDenseLayer("
        + layerName
        + ", nIn="
        + nIn
        + ", nOut="
        + nOut
        + ", hasBias="
        + hasBias
        + ", init="
        + quaternionInit
        + ", activation="
        + activationFn
        + ")";
  }

  /** Builds a {@link QuaternionDenseLayer}; nIn and nOut are real widths, multiples of 4. */
  public static class Builder extends FeedForwardLayer.Builder<Builder> {

    private boolean hasBias = true;
    private QuaternionInit quaternionInit = QuaternionInit.QUATERNION_HE;

    public Builder hasBias(boolean hasBias) {
      this.hasBias = hasBias;
      return this;
    }

    public Builder quaternionInit(QuaternionInit init) {
      this.quaternionInit = Objects.requireNonNull(init);
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public QuaternionDenseLayer build() {
      if (nOut % 4 != 0 || (nIn != 0 && nIn % 4 != 0)) {
        throw new IllegalArgumentException(
            "quaternion layer '"
                + layerName
                + "' needs widths that are multiples of 4, got nIn="
                + nIn
                + ", nOut="
                + nOut);
      }
      return new QuaternionDenseLayer(this);
    }
  }
}

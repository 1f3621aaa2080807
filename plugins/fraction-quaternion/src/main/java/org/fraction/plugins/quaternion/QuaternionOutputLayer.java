package org.fraction.plugins.quaternion;

import java.util.Collection;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A quaternion classifier head: a dense quaternion layer (as {@link QuaternionDenseLayer}) with a
 * loss, whose {@code nOut} real outputs (a multiple of 4) are the class scores.
 */
public class QuaternionOutputLayer extends OutputLayer implements QuaternionLayer {

  private QuaternionInit quaternionInit = QuaternionInit.QUATERNION_GLOROT;

  /** For deserialisation. */
  public QuaternionOutputLayer() {}

  private QuaternionOutputLayer(Builder builder) {
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
    QuaternionOutput layer = new QuaternionOutput(conf, networkDataType);
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
    return new long[] {nIn / 4, nOut / 4};
  }

  @Override
  public long receptiveField() {
    return 1;
  }

  @Override
  public QuaternionInit getQuaternionInit() {
    return quaternionInit;
  }

  public void setQuaternionInit(QuaternionInit quaternionInit) {
    this.quaternionInit = quaternionInit;
  }

  @Override
  public QuaternionOutputLayer clone() {
    return (QuaternionOutputLayer) super.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuaternionOutputLayer q
        && super.equals(o)
        && quaternionInit == q.quaternionInit;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), quaternionInit);
  }

  @Override
  public String toString() {
    return "QuaternionOutputLayer("
        + layerName
        + ", nIn="
        + nIn
        + ", nOut="
        + nOut
        + ", hasBias="
        + hasBias
        + ", init="
        + quaternionInit
        + ", loss="
        + lossFn
        + ")";
  }

  /** Builds a {@link QuaternionOutputLayer}; softmax activation by default. */
  public static class Builder extends OutputLayer.Builder {

    private QuaternionInit quaternionInit = QuaternionInit.QUATERNION_GLOROT;

    public Builder(LossFunctions.LossFunction loss) {
      super(loss);
    }

    public Builder quaternionInit(QuaternionInit init) {
      this.quaternionInit = Objects.requireNonNull(init);
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public QuaternionOutputLayer build() {
      if (nOut % 4 != 0 || (nIn != 0 && nIn % 4 != 0)) {
        throw new IllegalArgumentException(
            "quaternion layer '"
                + layerName
                + "' needs widths that are multiples of 4, got nIn="
                + nIn
                + ", nOut="
                + nOut);
      }
      return new QuaternionOutputLayer(this);
    }
  }
}

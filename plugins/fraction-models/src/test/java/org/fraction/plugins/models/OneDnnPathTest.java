package org.fraction.plugins.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.fraction.engine.train.BuiltNetwork;
import org.fraction.engine.train.NetworkFactory;
import org.fraction.plugins.quaternion.QuaternionLayer;
import org.fraction.spi.model.Algebra;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every convolution, pooling and batch-normalisation layer of the models, real and quaternion, runs
 * on oneDNN under the native build chosen at start-up. Deeplearning4j drops to its slow built-in
 * path without a word when a helper is missing, fails, or declines an input (returns null); each of
 * these makes this test fail.
 */
class OneDnnPathTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Algebra algebra : Algebra.values()) {
      out.add(Arguments.of("conv-4", algebra, 10));
      out.add(Arguments.of("resnet-18", algebra, 4));
      out.add(Arguments.of("resnet-50", algebra, 4));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void everyConvolutionPoolingAndBatchNormLayerTrainsOnOneDnn(
      String name, Algebra algebra, int classes) throws Exception {
    Model model = ModelsTest.model(name);
    InputShape data = new InputShape(8, 8, 3);
    BuiltNetwork net =
        NetworkFactory.build(
            model, ModelsTest.data(data, classes), algebra, ModelsTest.SGD, null, 7);

    Map<String, Counting> counters = new LinkedHashMap<>();
    for (Layer layer : net.graph().getLayers()) {
      String layerName = layer.conf().getLayer().getLayerName();
      Counting counting;
      if (layer instanceof ConvolutionLayer) {
        assertThat(layer.getHelper()).as(layerName).isInstanceOf(MKLDNNConvHelper.class);
        counting = new CountingConv();
      } else if (layer instanceof SubsamplingLayer) {
        assertThat(layer.getHelper()).as(layerName).isInstanceOf(MKLDNNSubsamplingHelper.class);
        counting = new CountingPooling();
      } else if (layer instanceof BatchNormalization) {
        assertThat(layer.getHelper()).as(layerName).isInstanceOf(MKLDNNBatchNormHelper.class);
        counting = new CountingBatchNorm();
      } else {
        continue;
      }
      helperField(layer.getClass()).set(layer, counting);
      counters.put(layerName, counting);
    }
    if (algebra == Algebra.QUATERNION) {
      assertThat(net.graph().getLayers())
          .as("quaternion convolutions are among the layers checked")
          .anyMatch(
              l -> l instanceof ConvolutionLayer && l.conf().getLayer() instanceof QuaternionLayer);
    }

    InputShape in = model.inputShape(data, algebra);
    INDArray x = Nd4j.randn(DataType.FLOAT, 4, in.channels(), in.height(), in.width());
    INDArray y = Nd4j.zeros(DataType.FLOAT, 4, classes);
    for (int n = 0; n < 4; n++) {
      y.putScalar(n, n % classes, 1f);
    }
    net.graph().fit(new DataSet(x, y));
    net.graph().fit(new DataSet(x, y));

    for (Layer layer : net.graph().getLayers()) {
      String layerName = layer.conf().getLayer().getLayerName();
      Counting counting = counters.get(layerName);
      if (counting != null) {
        Tally t = counting.tally();
        assertThat(t.declined).as(layerName + ": calls the oneDNN helper declined").isZero();
        assertThat(t.backward).as(layerName + ": backward passes on oneDNN").isEqualTo(2);
        if (counting.forwardOnHelper()) {
          // once per step: with the engine's cache mode backpropagation reuses the forward output
          assertThat(t.forward).as(layerName + ": forward passes on oneDNN").isEqualTo(2);
        }
        Field failures =
            helperField(layer.getClass()).getDeclaringClass().getDeclaredField("helperCountFail");
        failures.setAccessible(true);
        assertThat(failures.getInt(layer)).as(layerName + ": helper failures").isZero();
      }
    }
  }

  @Test
  void theCasesCoverEveryLayerTypeWithAHelper() {
    TreeSet<String> seen = new TreeSet<>();
    for (String name : List.of("conv-4", "resnet-18")) {
      for (Algebra algebra : Algebra.values()) {
        BuiltNetwork net =
            NetworkFactory.build(
                ModelsTest.model(name),
                ModelsTest.data(new InputShape(8, 8, 3), 4),
                algebra,
                ModelsTest.SGD,
                null,
                7);
        for (Layer layer : net.graph().getLayers()) {
          if (layer.getHelper() != null
              || layer instanceof ConvolutionLayer
              || layer instanceof SubsamplingLayer
              || layer instanceof BatchNormalization) {
            seen.add(
                layer.getClass().getSuperclass() == ConvolutionLayer.class
                    ? "quaternion convolution"
                    : layer.getClass().getSimpleName());
          }
        }
      }
    }
    assertThat(seen)
        .containsExactly(
            "BatchNormalization", "ConvolutionLayer", "SubsamplingLayer", "quaternion convolution");
  }

  static Field helperField(Class<?> type) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField("helper");
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException e) {
        // look further up
      }
    }
    throw new NoSuchFieldException("helper in " + type);
  }

  /** Calls a oneDNN helper served (returned a result for) and declined (returned null for). */
  static final class Tally {
    int forward;
    int backward;
    int declined;

    <T> T forward(T result) {
      if (result == null) {
        declined++;
      } else {
        forward++;
      }
      return result;
    }

    <T> T backward(T result) {
      if (result == null) {
        declined++;
      } else {
        backward++;
      }
      return result;
    }
  }

  /**
   * oneDNN's own helper, counting; a subclass, so that Deeplearning4j treats it exactly as the
   * original.
   */
  interface Counting {
    Tally tally();

    /**
     * Whether Deeplearning4j's layer hands its forward pass to the helper (its pooling layer calls
     * the native op itself).
     */
    boolean forwardOnHelper();
  }

  static final class CountingConv extends MKLDNNConvHelper implements Counting {
    final Tally tally = new Tally();

    CountingConv() {
      super(DataType.FLOAT);
    }

    @Override
    public Tally tally() {
      return tally;
    }

    @Override
    public boolean forwardOnHelper() {
      return true;
    }

    @Override
    public INDArray preOutput(
        INDArray input,
        INDArray weights,
        INDArray bias,
        int[] kernel,
        int[] strides,
        int[] pad,
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode mode,
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo fwdAlgo,
        ConvolutionMode convolutionMode,
        int[] dilation,
        CNN2DFormat format,
        LayerWorkspaceMgr workspaceMgr) {
      return tally.forward(
          super.preOutput(
              input,
              weights,
              bias,
              kernel,
              strides,
              pad,
              mode,
              fwdAlgo,
              convolutionMode,
              dilation,
              format,
              workspaceMgr));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
        INDArray input,
        INDArray weights,
        INDArray bias,
        INDArray delta,
        int[] kernel,
        int[] strides,
        int[] pad,
        INDArray biasGradView,
        INDArray weightGradView,
        IActivation afn,
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode mode,
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo bwdFilterAlgo,
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo bwdDataAlgo,
        ConvolutionMode convolutionMode,
        int[] dilation,
        CNN2DFormat format,
        LayerWorkspaceMgr workspaceMgr) {
      return tally.backward(
          super.backpropGradient(
              input,
              weights,
              bias,
              delta,
              kernel,
              strides,
              pad,
              biasGradView,
              weightGradView,
              afn,
              mode,
              bwdFilterAlgo,
              bwdDataAlgo,
              convolutionMode,
              dilation,
              format,
              workspaceMgr));
    }
  }

  static final class CountingPooling extends MKLDNNSubsamplingHelper implements Counting {
    final Tally tally = new Tally();

    CountingPooling() {
      super(DataType.FLOAT);
    }

    @Override
    public Tally tally() {
      return tally;
    }

    @Override
    public boolean forwardOnHelper() {
      return false;
    }

    @Override
    public INDArray activate(
        INDArray input,
        boolean training,
        int[] kernel,
        int[] strides,
        int[] pad,
        PoolingType poolingType,
        ConvolutionMode convolutionMode,
        int[] dilation,
        CNN2DFormat format,
        LayerWorkspaceMgr workspaceMgr) {
      return tally.forward(
          super.activate(
              input,
              training,
              kernel,
              strides,
              pad,
              poolingType,
              convolutionMode,
              dilation,
              format,
              workspaceMgr));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
        INDArray input,
        INDArray epsilon,
        int[] kernel,
        int[] strides,
        int[] pad,
        PoolingType poolingType,
        ConvolutionMode convolutionMode,
        int[] dilation,
        CNN2DFormat format,
        LayerWorkspaceMgr workspaceMgr) {
      return tally.backward(
          super.backpropGradient(
              input,
              epsilon,
              kernel,
              strides,
              pad,
              poolingType,
              convolutionMode,
              dilation,
              format,
              workspaceMgr));
    }
  }

  static final class CountingBatchNorm extends MKLDNNBatchNormHelper implements Counting {
    final Tally tally = new Tally();

    CountingBatchNorm() {
      super(DataType.FLOAT);
    }

    @Override
    public Tally tally() {
      return tally;
    }

    @Override
    public boolean forwardOnHelper() {
      return true;
    }

    @Override
    public INDArray preOutput(
        INDArray x,
        boolean training,
        long[] shape,
        INDArray gamma,
        INDArray beta,
        INDArray mean,
        INDArray var,
        double decay,
        double eps,
        CNN2DFormat format,
        LayerWorkspaceMgr workspaceMgr) {
      return tally.forward(
          super.preOutput(
              x, training, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
        INDArray input,
        INDArray epsilon,
        long[] shape,
        INDArray gamma,
        INDArray beta,
        INDArray dGammaView,
        INDArray dBetaView,
        double eps,
        CNN2DFormat format,
        LayerWorkspaceMgr workspaceMgr) {
      return tally.backward(
          super.backpropGradient(
              input,
              epsilon,
              shape,
              gamma,
              beta,
              dGammaView,
              dBetaView,
              eps,
              format,
              workspaceMgr));
    }
  }
}

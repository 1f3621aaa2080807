package org.fraction.plugins.quaternion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The parameters of a quaternion layer: the components {@code r}, {@code i}, {@code j}, {@code k}
 * (each of {@link QuaternionLayer#componentShape()}, c order) one after another, then the real bias
 * {@code b} of shape [1, nOut]. Because the components are adjacent, they also form one contiguous
 * [4, n] matrix, which the block weight is computed from with a single product.
 */
public final class QuaternionParams implements ParamInitializer {

  public static final String R = "r";
  public static final String I = "i";
  public static final String J = "j";
  public static final String K = "k";
  public static final String BIAS = "b";
  public static final List<String> COMPONENTS = List.of(R, I, J, K);

  private static final QuaternionParams INSTANCE = new QuaternionParams();

  private QuaternionParams() {}

  public static QuaternionParams getInstance() {
    return INSTANCE;
  }

  static QuaternionLayer quaternion(Layer layer) {
    if (!(layer instanceof QuaternionLayer q)) {
      throw new IllegalArgumentException("not a quaternion layer: " + layer.getClass().getName());
    }
    return q;
  }

  /** Entries of one component tensor. */
  static long componentLength(QuaternionLayer q) {
    return Arrays.stream(q.componentShape()).reduce(1, Math::multiplyExact);
  }

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    QuaternionLayer q = quaternion(layer);
    q.checkWidths();
    return 4 * componentLength(q) + (q.hasBias() ? q.getNOut() : 0);
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    List<String> keys = new ArrayList<>(COMPONENTS);
    keys.addAll(biasKeys(layer));
    return keys;
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return COMPONENTS;
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return quaternion(layer).hasBias() ? List.of(BIAS) : List.of();
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return COMPONENTS.contains(key);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return BIAS.equals(key);
  }

  @Override
  public Map<String, INDArray> init(
      NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    QuaternionLayer q = quaternion(conf.getLayer());
    Map<String, INDArray> params = views(q, paramsView);
    if (initializeParams) {
      long area = q.receptiveField();
      q.getQuaternionInit()
          .fill(components(q, paramsView), q.getNIn() / 4 * area, q.getNOut() / 4 * area);
      if (q.hasBias()) {
        params.get(BIAS).assign(q.getBiasInit());
      }
    }
    for (String key : params.keySet()) {
      conf.addVariable(key);
    }
    return params;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(
      NeuralNetConfiguration conf, INDArray gradientView) {
    return views(quaternion(conf.getLayer()), gradientView);
  }

  /** The four components of a layer's parameter (or gradient) view as one [4, n] matrix view. */
  static INDArray components(QuaternionLayer q, INDArray view) {
    return slice(view, 0, 4, componentLength(q));
  }

  private static Map<String, INDArray> views(QuaternionLayer q, INDArray view) {
    long n = componentLength(q);
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (int c = 0; c < 4; c++) {
      out.put(COMPONENTS.get(c), slice(view, c * n, q.componentShape()));
    }
    if (q.hasBias()) {
      out.put(BIAS, slice(view, 4 * n, 1, q.getNOut()));
    }
    return out;
  }

  /**
   * A c-order view of the given shape over entries {@code [from, from + size)} of a contiguous
   * array, made directly on its buffer. (Indexing a multi-dimensional view of a view with {@code
   * get} returns wrong, even empty, arrays in this nd4j release for some offsets.)
   */
  static INDArray slice(INDArray contiguous, long from, long... shape) {
    if (contiguous.elementWiseStride() != 1) {
      throw new IllegalArgumentException("parameter views must be contiguous");
    }
    long[] stride = new long[shape.length];
    long size = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      stride[d] = size;
      size *= shape[d];
    }
    if (from + size > contiguous.length()) {
      throw new IllegalArgumentException(
          "slice [" + from + ", " + (from + size) + ") beyond " + contiguous.length() + " entries");
    }
    return Nd4j.create(contiguous.data(), shape, stride, contiguous.offset() + from, 'c');
  }
}

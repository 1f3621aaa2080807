package org.fraction.export;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.fraction.inference.Activation;
import org.fraction.inference.NodeSpec;
import org.fraction.inference.PoolType;
import org.fraction.inference.Weight;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.model.QuaternionGroup;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Translates a network's graph and its (masked) parameters into the operations of a model file:
 * dense and convolution layers with their surviving weights, batch normalisation folded into the
 * layer before it where that layer feeds nothing else, and activation layers merged into the layer
 * before them. The softmax of the classifier is left to the model file's output.
 */
final class GraphExporter {

  private final ComputationGraphConfiguration conf;
  private final Map<ParameterRef, INDArray> weights;
  private final Map<ParameterRef, INDArray> masks;
  private final Map<String, QuaternionGroup> quaternionLayers = new HashMap<>();
  private final Map<String, InputType> types;
  private final InputType inputType;

  /**
   * @param weights every parameter of the graph, pruned weights already zero
   * @param masks the masks of the prunable weights
   */
  GraphExporter(
      ComputationGraphConfiguration conf,
      InputShape input,
      Map<ParameterRef, INDArray> weights,
      Map<ParameterRef, INDArray> masks,
      List<QuaternionGroup> groups) {
    this.conf = conf;
    this.weights = weights;
    this.masks = masks;
    for (QuaternionGroup g : groups) {
      quaternionLayers.put(g.r().layer(), g);
    }
    this.inputType = InputType.convolutional(input.height(), input.width(), input.channels());
    this.types = conf.getLayerActivationTypes(inputType);
  }

  /** The operations in execution order; the last gives the class scores. */
  List<NodeSpec> export() {
    List<NodeSpec> nodes = new ArrayList<>();
    String inputName = conf.getNetworkInputs().get(0);
    Map<String, String> produced = new HashMap<>(); // graph vertex -> node that holds its output
    produced.put(inputName, NodeSpec.INPUT);
    String output = conf.getNetworkOutputs().get(0);
    for (String name : order()) {
      if (name.equals(inputName)) {
        continue;
      }
      GraphVertex vertex = conf.getVertices().get(name);
      List<String> from = conf.getVertexInputs().get(name).stream().map(produced::get).toList();
      if (vertex instanceof LayerVertex lv) {
        String in = from.get(0);
        InputPreProcessor pre = lv.getPreProcessor();
        if (pre instanceof CnnToFeedForwardPreProcessor) {
          nodes.add(new NodeSpec.Flatten(name + ".flatten", in));
          in = name + ".flatten";
        } else if (pre != null) {
          throw new UnsupportedLayer(
              name,
              "its input preprocessor " + pre.getClass().getSimpleName() + " cannot be exported");
        }
        nodes.add(
            layer(
                name,
                lv.getLayerConf().getLayer(),
                in,
                conf.getVertexInputs().get(name).get(0),
                name.equals(output)));
      } else if (vertex instanceof ElementWiseVertex ew) {
        if (ew.getOp() != ElementWiseVertex.Op.Add) {
          throw new UnsupportedLayer(
              name, "element-wise " + ew.getOp() + " cannot be exported (only Add)");
        }
        nodes.add(new NodeSpec.Add(name, from, Activation.IDENTITY));
      } else {
        throw new UnsupportedLayer(
            name, "vertices of type " + vertex.getClass().getSimpleName() + " cannot be exported");
      }
      produced.put(name, name);
    }
    List<NodeSpec> folded = Fusion.foldBatchNorm(nodes);
    return Fusion.mergeActivations(folded);
  }

  /**
   * The graph's vertices with every vertex after its inputs, in the order the graph lists them
   * where it can.
   */
  private List<String> order() {
    Map<String, List<String>> inputs = conf.getVertexInputs();
    Map<String, Integer> pending = new LinkedHashMap<>();
    Map<String, List<String>> readers = new HashMap<>();
    for (String v : conf.getNetworkInputs()) {
      pending.put(v, 0);
    }
    for (String v : conf.getVertices().keySet()) {
      List<String> in = inputs.getOrDefault(v, List.of());
      pending.put(v, in.size());
      for (String i : in) {
        readers.computeIfAbsent(i, k -> new ArrayList<>()).add(v);
      }
    }
    Deque<String> ready = new ArrayDeque<>();
    pending.forEach(
        (v, n) -> {
          if (n == 0) {
            ready.add(v);
          }
        });
    List<String> out = new ArrayList<>();
    while (!ready.isEmpty()) {
      String v = ready.poll();
      out.add(v);
      for (String r : readers.getOrDefault(v, List.of())) {
        if (pending.merge(r, -1, Integer::sum) == 0) {
          ready.add(r);
        }
      }
    }
    return out;
  }

  private NodeSpec layer(String name, Layer layer, String in, String inputVertex, boolean output) {
    boolean quaternion = quaternionLayers.containsKey(name);
    if (layer instanceof BaseOutputLayer o
        && (o.getClass() == org.deeplearning4j.nn.conf.layers.OutputLayer.class || quaternion)) {
      if (!output) {
        throw new UnsupportedLayer(
            name, "an output layer that is not the network's output cannot be exported");
      }
      if (!(o.getActivationFn() instanceof ActivationSoftmax)) {
        throw new UnsupportedLayer(
            name, "the classifier's activation must be softmax, is " + o.getActivationFn());
      }
      return dense(name, o, in, Activation.IDENTITY);
    }
    if (output) {
      throw new UnsupportedLayer(name, "the network must end in a softmax classifier");
    }
    if (layer instanceof ConvolutionLayer c
        && (c.getClass() == ConvolutionLayer.class || quaternion)) {
      return convolution(name, c, in, inputVertex);
    }
    if (layer instanceof FeedForwardLayer f
        && (f.getClass() == org.deeplearning4j.nn.conf.layers.DenseLayer.class || quaternion)) {
      return dense(name, f, in, activation(name, ((BaseLayer) f).getActivationFn()));
    }
    if (layer instanceof BatchNormalization bn) {
      return batchNorm(name, bn, in);
    }
    if (layer instanceof ActivationLayer a) {
      return new NodeSpec.Activate(name, in, activation(name, a.getActivationFn()));
    }
    if (layer instanceof SubsamplingLayer s && s.getClass() == SubsamplingLayer.class) {
      return pool(name, s, in);
    }
    if (layer instanceof GlobalPoolingLayer g) {
      return globalPool(name, g, in);
    }
    throw new UnsupportedLayer(
        name, "layers of type " + layer.getClass().getSimpleName() + " cannot be exported");
  }

  private NodeSpec dense(String name, FeedForwardLayer f, String in, Activation act) {
    int nIn = Math.toIntExact(f.getNIn());
    int nOut = Math.toIntExact(f.getNOut());
    Weight w =
        quaternionLayers.containsKey(name)
            ? quaternion(name, new int[] {nIn / 4, nOut / 4})
            : real(name, new int[] {nIn, nOut});
    return new NodeSpec.Dense(name, in, nIn, nOut, w, bias(name, nOut), null, act);
  }

  private NodeSpec convolution(String name, ConvolutionLayer c, String in, String inputVertex) {
    int[] k = c.getKernelSize();
    int[] s = c.getStride();
    int[] d = c.getDilation();
    if (d != null && (d[0] != 1 || d[1] != 1)) {
      throw new UnsupportedLayer(name, "dilated convolutions cannot be exported");
    }
    if (c.getCnn2dDataFormat() != org.deeplearning4j.nn.conf.CNN2DFormat.NCHW) {
      throw new UnsupportedLayer(name, "only NCHW convolutions can be exported");
    }
    int nIn = Math.toIntExact(c.getNIn());
    int nOut = Math.toIntExact(c.getNOut());
    int[] padding = padding(name, c.getConvolutionMode(), c.getPadding(), k, s, inputVertex, name);
    Weight w =
        quaternionLayers.containsKey(name)
            ? quaternion(name, new int[] {nIn / 4, nOut / 4, k[0], k[1]})
            : real(name, new int[] {nOut, nIn, k[0], k[1]});
    return new NodeSpec.Convolution(
        name,
        in,
        nIn,
        nOut,
        k.clone(),
        s.clone(),
        padding,
        w,
        c.hasBias() ? bias(name, nOut) : null,
        null,
        activation(name, c.getActivationFn()));
  }

  /** Top, bottom, left, right padding as the training framework applies it. */
  private int[] padding(
      String name,
      ConvolutionMode mode,
      int[] pad,
      int[] k,
      int[] s,
      String inputVertex,
      String vertex) {
    if (mode == ConvolutionMode.Same) {
      InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) typeOf(inputVertex);
      InputType.InputTypeConvolutional out = (InputType.InputTypeConvolutional) types.get(vertex);
      int totalH = Math.max(0, (int) ((out.getHeight() - 1) * s[0] + k[0] - in.getHeight()));
      int totalW = Math.max(0, (int) ((out.getWidth() - 1) * s[1] + k[1] - in.getWidth()));
      return new int[] {totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2};
    }
    if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
      return new int[] {pad[0], pad[0], pad[1], pad[1]};
    }
    throw new UnsupportedLayer(name, "convolution mode " + mode + " cannot be exported");
  }

  private InputType typeOf(String vertex) {
    InputType t = types.get(vertex);
    if (t == null) {
      return inputType; // the network's input
    }
    return t;
  }

  private NodeSpec batchNorm(String name, BatchNormalization bn, String in) {
    INDArray mean = param(name, "mean");
    INDArray var;
    if (weights.containsKey(new ParameterRef(name, "var"))) {
      var = param(name, "var");
    } else {
      INDArray log10std = param(name, "log10stdev");
      var =
          org.nd4j.linalg.ops.transforms.Transforms.pow(log10std.mul(0).add(10.0), log10std, true);
      var.muli(var);
    }
    int n = (int) mean.length();
    float[] scale = new float[n];
    float[] shift = new float[n];
    float[] m = flat(mean);
    float[] v = flat(var);
    float[] gamma = bn.isLockGammaBeta() ? null : flat(param(name, "gamma"));
    float[] beta = bn.isLockGammaBeta() ? null : flat(param(name, "beta"));
    for (int c = 0; c < n; c++) {
      // the training framework: (x - mean) / sqrt(var + eps) * gamma + beta, in float
      float std = (float) Math.sqrt(v[c] + (float) bn.getEps());
      float g = gamma == null ? (float) bn.getGamma() : gamma[c];
      float b = beta == null ? (float) bn.getBeta() : beta[c];
      scale[c] = g / std;
      shift[c] = b - m[c] * g / std;
    }
    return new NodeSpec.Affine(name, in, scale, shift);
  }

  private NodeSpec pool(String name, SubsamplingLayer s, String in) {
    int[] p = s.getPadding();
    if (p != null && (p[0] != 0 || p[1] != 0) || s.getConvolutionMode() == ConvolutionMode.Same) {
      throw new UnsupportedLayer(name, "padded pooling cannot be exported");
    }
    if (s.getDilation() != null && (s.getDilation()[0] != 1 || s.getDilation()[1] != 1)) {
      throw new UnsupportedLayer(name, "dilated pooling cannot be exported");
    }
    PoolType type =
        switch (s.getPoolingType()) {
          case MAX -> PoolType.MAX;
          case AVG -> PoolType.AVG;
          default ->
              throw new UnsupportedLayer(name, s.getPoolingType() + " pooling cannot be exported");
        };
    return new NodeSpec.Pool(name, in, type, s.getKernelSize().clone(), s.getStride().clone());
  }

  private NodeSpec globalPool(String name, GlobalPoolingLayer g, String in) {
    int[] dims = g.getPoolingDimensions();
    if (dims != null && !(dims.length == 2 && dims[0] == 2 && dims[1] == 3)
        || !g.isCollapseDimensions()) {
      throw new UnsupportedLayer(
          name, "global pooling other than over height and width cannot be exported");
    }
    PoolType type =
        switch (g.getPoolingType()) {
          case MAX -> PoolType.MAX;
          case AVG -> PoolType.AVG;
          default ->
              throw new UnsupportedLayer(name, g.getPoolingType() + " pooling cannot be exported");
        };
    return new NodeSpec.GlobalPool(name, in, type);
  }

  private Activation activation(String layer, IActivation a) {
    if (a == null || a instanceof ActivationIdentity) {
      return Activation.IDENTITY;
    }
    if (a instanceof ActivationReLU relu && relu.getClass() == ActivationReLU.class) {
      return Activation.RELU;
    }
    if (a instanceof ActivationTanH) {
      return Activation.TANH;
    }
    if (a instanceof ActivationSigmoid) {
      return Activation.SIGMOID;
    }
    throw new UnsupportedLayer(layer, "activation " + a + " cannot be exported");
  }

  private Weight real(String layer, int[] shape) {
    float[] values = flat(param(layer, "W"));
    return Weight.Real.sparse(shape, values);
  }

  /**
   * Whole quaternions when r, i, j and k share a mask (pruning kept or removed whole quaternions),
   * else the four components each on their own.
   */
  private Weight quaternion(String layer, int[] componentShape) {
    QuaternionGroup g = quaternionLayers.get(layer);
    List<ParameterRef> refs = g.components();
    float[][] c = new float[4][];
    float[][] m = new float[4][];
    for (int k = 0; k < 4; k++) {
      c[k] = flat(param(refs.get(k).layer(), refs.get(k).param()));
      INDArray mask = masks.get(refs.get(k));
      m[k] = mask == null ? null : flat(mask);
    }
    int size = c[0].length;
    boolean whole = true;
    int kept = 0;
    for (int p = 0; p < size && whole; p++) {
      boolean[] on = new boolean[4];
      for (int k = 0; k < 4; k++) {
        on[k] = m[k] == null ? c[k][p] != 0f : m[k][p] != 0f;
      }
      whole = on[0] == on[1] && on[0] == on[2] && on[0] == on[3];
      kept += on[0] ? 1 : 0;
    }
    if (!whole) {
      Weight.Real[] parts = new Weight.Real[4];
      for (int k = 0; k < 4; k++) {
        parts[k] = Weight.Real.sparse(componentShape, c[k]);
      }
      return new Weight.QuaternionComponents(componentShape, parts);
    }
    int[] positions = new int[kept];
    float[] values = new float[4 * kept];
    int e = 0;
    for (int p = 0; p < size; p++) {
      if (m[0] == null ? c[0][p] != 0f : m[0][p] != 0f) {
        positions[e] = p;
        for (int k = 0; k < 4; k++) {
          values[4 * e + k] = c[k][p];
        }
        e++;
      }
    }
    return new Weight.Quaternion(componentShape, positions, values);
  }

  private float[] bias(String layer, int n) {
    INDArray b = weights.get(new ParameterRef(layer, "b"));
    if (b == null) {
      return null;
    }
    if (b.length() != n) {
      throw new IllegalStateException(
          "bias of " + layer + " has " + b.length() + " values, expected " + n);
    }
    return flat(b);
  }

  private INDArray param(String layer, String name) {
    INDArray v = weights.get(new ParameterRef(layer, name));
    if (v == null) {
      throw new IllegalStateException("the round file has no parameter " + layer + "/" + name);
    }
    return v;
  }

  private static float[] flat(INDArray a) {
    return a == null ? null : a.dup('c').data().asFloat();
  }

  /** A layer the exporter cannot translate. */
  static final class UnsupportedLayer extends IllegalArgumentException {
    UnsupportedLayer(String layer, String message) {
      super("layer " + layer + ": " + message);
    }
  }
}

package org.fraction.engine.macs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.MacCounting;

/**
 * Counts multiply-accumulates (MACs) per example from a graph configuration and the input shape,
 * layer by layer. Rules, in order:
 *
 * <ul>
 *   <li>a layer configuration implementing {@link MacCounting} states its own count;
 *   <li>convolution: {@code kh * kw * cin * cout * Hout * Wout} (1-D and 3-D alike; depthwise
 *       {@code kh * kw * cin * multiplier * Hout * Wout}; separable adds the pointwise {@code cin *
 *       multiplier * cout * Hout * Wout}; deconvolution uses the input's size);
 *   <li>dense and output layers ({@code FeedForwardLayer}): {@code nIn * nOut}; embeddings are
 *       look-ups, 0;
 *   <li>batch normalisation: one MAC per output element (its scale; at inference the normalisation
 *       folds into that multiply-add);
 *   <li>pooling, activations, dropout, merge and element-wise vertices: 0, as they multiply by no
 *       weight. Bias additions are not counted either.
 * </ul>
 *
 * A layer with parameters that no rule covers counts 0 and is listed as uncounted.
 */
public final class MacCounter {

  private MacCounter() {}

  public static NetworkMacs count(ComputationGraphConfiguration configuration, InputShape input) {
    ComputationGraphConfiguration conf = configuration.clone();
    InputType inputType = InputType.convolutional(input.height(), input.width(), input.channels());
    Map<String, InputType> outputs = conf.getLayerActivationTypes(inputType);
    String networkInput = conf.getNetworkInputs().get(0);
    List<LayerMacs> layers = new ArrayList<>();
    for (String name : order(conf)) {
      GraphVertex vertex = conf.getVertices().get(name);
      if (!(vertex instanceof LayerVertex lv)) {
        continue;
      }
      List<String> from = conf.getVertexInputs().get(name);
      InputType in = from.get(0).equals(networkInput) ? inputType : outputs.get(from.get(0));
      InputPreProcessor pre = lv.getPreProcessor();
      if (pre != null) {
        in = pre.getOutputType(in);
      }
      Layer layer = lv.getLayerConf().getLayer();
      InputType out = outputs.get(name);
      layers.add(count(name, layer, in, out));
    }
    return new NetworkMacs(layers);
  }

  /** Vertices with their inputs first; ties in the configuration's order. */
  private static List<String> order(ComputationGraphConfiguration conf) {
    List<String> out = new ArrayList<>(conf.getNetworkInputs());
    java.util.Set<String> placed = new java.util.HashSet<>(out);
    boolean progress = true;
    while (progress) {
      progress = false;
      for (String v : conf.getVertices().keySet()) {
        if (!placed.contains(v)
            && placed.containsAll(conf.getVertexInputs().getOrDefault(v, List.of()))) {
          out.add(v);
          placed.add(v);
          progress = true;
        }
      }
    }
    return out;
  }

  static LayerMacs count(String name, Layer layer, InputType in, InputType out) {
    String type = layer.getClass().getSimpleName();
    if (layer instanceof MacCounting m) {
      return new LayerMacs(name, type, m.macsPerExample(in, out), true);
    }
    Long macs = builtIn(layer, in, out);
    if (macs != null) {
      return new LayerMacs(name, type, macs, true);
    }
    boolean hasParams = layer.initializer().numParams(layer) > 0;
    return new LayerMacs(name, type, 0, !hasParams);
  }

  private static Long builtIn(Layer layer, InputType in, InputType out) {
    if (layer instanceof ConvolutionLayer conv) {
      return convolution(conv, in, out);
    }
    if (layer instanceof EmbeddingLayer || layer instanceof EmbeddingSequenceLayer) {
      return 0L;
    }
    if (layer instanceof BatchNormalization) {
      return out.arrayElementsPerExample();
    }
    if (layer instanceof FeedForwardLayer ff && !(layer instanceof BaseRecurrentLayer)) {
      // dense and output layers, and custom dense-like layers of real widths (quaternion dense)
      return ff.getNIn() * ff.getNOut();
    }
    if (layer.initializer().numParams(layer) == 0) {
      return 0L;
    }
    return null;
  }

  private static long convolution(ConvolutionLayer conv, InputType in, InputType out) {
    long kernel = 1;
    for (int k : conv.getKernelSize()) {
      kernel *= k;
    }
    long cin = conv.getNIn();
    long cout = conv.getNOut();
    if (conv instanceof DepthwiseConvolution2D d) {
      return kernel * cin * d.getDepthMultiplier() * spatial(out);
    }
    if (conv instanceof SeparableConvolution2D s) {
      long mid = cin * s.getDepthMultiplier();
      return (kernel * mid + mid * cout) * spatial(out);
    }
    if (conv instanceof Deconvolution2D) {
      return kernel * cin * cout * spatial(in);
    }
    return kernel * cin * cout * spatial(out);
  }

  /** Output positions per channel: H*W (2-D), D*H*W (3-D), time steps (1-D). */
  private static long spatial(InputType t) {
    if (t instanceof InputType.InputTypeConvolutional c) {
      return c.getHeight() * c.getWidth();
    }
    if (t instanceof InputType.InputTypeConvolutional3D c) {
      return c.getDepth() * c.getHeight() * c.getWidth();
    }
    if (t instanceof InputType.InputTypeRecurrent r) {
      return Math.max(1, r.getTimeSeriesLength());
    }
    return 1;
  }
}

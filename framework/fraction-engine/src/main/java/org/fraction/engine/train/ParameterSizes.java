package org.fraction.engine.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.fraction.spi.model.ParameterRef;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The size of every parameter of a graph configuration, found without initialising the network and
 * without allocating its parameters: each layer's initializer lays out its parameter views over a
 * placeholder buffer that claims the layer's length but owns no memory, so counting a model for
 * 4096x4096 images costs no more than for 28x28 ones.
 *
 * @param sizes entries per parameter
 * @param trainable how many of them an optimizer updates (as {@link BuiltNetwork#trainableCount()},
 *     batch-norm running statistics excluded)
 */
public record ParameterSizes(Map<ParameterRef, Long> sizes, long trainable) {

  public static ParameterSizes of(ComputationGraphConfiguration conf) {
    Map<ParameterRef, Long> sizes = new LinkedHashMap<>();
    long trainable = 0;
    for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
      String name = v.getKey();
      GraphVertex vertex = v.getValue();
      if (!(vertex instanceof LayerVertex lv) || lv.getLayerConf() == null) {
        continue;
      }
      NeuralNetConfiguration layerConf = lv.getLayerConf().clone();
      Layer layer = layerConf.getLayer();
      long n = layer.initializer().numParams(layerConf);
      if (n == 0) {
        continue;
      }
      INDArray view = placeholder(n);
      for (Map.Entry<String, INDArray> p :
          layer.initializer().init(layerConf, view, false).entrySet()) {
        long length = p.getValue().length();
        sizes.put(new ParameterRef(name, p.getKey()), length);
        if (!(layer.getUpdaterByParam(p.getKey()) instanceof NoOp)) {
          trainable += length;
        }
      }
    }
    return new ParameterSizes(Map.copyOf(sizes), trainable);
  }

  /**
   * A [1, n] float array over one float of real memory. {@code init(conf, view, false)} only cuts
   * and reshapes views of it (it reads and writes nothing), so the views' lengths are the
   * parameters' sizes.
   */
  private static INDArray placeholder(long n) {
    DataBuffer buffer =
        Nd4j.getDataBufferFactory()
            .create(PLACEHOLDER, DataType.FLOAT, n, FloatIndexer.create(PLACEHOLDER));
    return Nd4j.create(buffer, new long[] {1, n}, new long[] {n, 1}, 0, 'c');
  }

  private static final FloatPointer PLACEHOLDER = new FloatPointer(1L);

  public long size(ParameterRef ref) {
    Long n = sizes.get(ref);
    if (n == null) {
      throw new IllegalArgumentException("the graph has no parameter " + ref);
    }
    return n;
  }
}

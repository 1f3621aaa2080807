package org.fraction.engine.train.fused;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Dense chains for the fused step's tests, on [batch, 1, height, width] float images. */
final class DenseChains {

  private DenseChains() {}

  /** Dense ReLU layers of the given widths, then a softmax classifier with cross-entropy. */
  static ComputationGraph of(
      int height, int width, int[] hidden, int classes, IUpdater updater, double l2, long seed) {
    var builder =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .updater(updater)
            .l2(l2)
            .graphBuilder()
            .addInputs("input")
            .setInputTypes(InputType.convolutional(height, width, 1));
    String below = "input";
    for (int l = 0; l < hidden.length; l++) {
      String name = "fc" + (l + 1);
      builder.addLayer(
          name,
          new DenseLayer.Builder()
              .nOut(hidden[l])
              .activation(Activation.RELU)
              .weightInit(WeightInit.RELU)
              .build(),
          below);
      below = name;
    }
    var conf =
        builder
            .addLayer(
                "out",
                new OutputLayer.Builder(LossFunction.MCXENT)
                    .nOut(classes)
                    .activation(Activation.SOFTMAX)
                    .weightInit(WeightInit.XAVIER)
                    .build(),
                below)
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }
}

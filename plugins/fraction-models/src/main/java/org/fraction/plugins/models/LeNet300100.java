package org.fraction.plugins.models;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.fraction.spi.model.Algebra;
import org.fraction.spi.model.Model;
import org.fraction.spi.model.ModelContext;
import org.fraction.spi.model.Network;
import org.fraction.spi.model.ParameterRef;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** LeNet-300-100: flatten, dense 300, dense 100, dense to the classes; ReLU between. */
final class LeNet300100 implements Model {

  LeNet300100(LeNetSettings settings) {}

  @Override
  public Network build(ModelContext ctx) {
    if (ctx.algebra() != Algebra.REAL) {
      throw new IllegalArgumentException("lenet-300-100 is built here in real algebra only");
    }
    int in = ctx.input().pixels();
    ComputationGraphConfiguration conf = ctx.base().graphBuilder()
        .addInputs("input")
        .setInputTypes(InputType.convolutional(ctx.input().height(), ctx.input().width(), ctx.input().channels()))
        .addLayer("fc1", new DenseLayer.Builder().nIn(in).nOut(300).activation(Activation.RELU).weightInit(WeightInit.RELU).build(), "input")
        .addLayer("fc2", new DenseLayer.Builder().nIn(300).nOut(100).activation(Activation.RELU).weightInit(WeightInit.RELU).build(), "fc1")
        .addLayer("fc3", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(100).nOut(ctx.classes())
            .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(), "fc2")
        .setOutputs("fc3")
        .build();
    List<ParameterRef> prunable = List.of(new ParameterRef("fc1", "W"), new ParameterRef("fc2", "W"), new ParameterRef("fc3", "W"));
    long real = (long) in * 300 + 300 * 100 + 100L * ctx.classes();
    return new Network(conf, prunable, List.of(), real);
  }
}

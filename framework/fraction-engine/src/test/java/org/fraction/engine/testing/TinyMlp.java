package org.fraction.engine.testing;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.fraction.spi.model.Model;
import org.fraction.spi.model.ModelContext;
import org.fraction.spi.model.Network;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.settings.Check;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A two-layer perceptron for fast engine tests. */
public final class TinyMlp implements Model {

  public record Settings(Integer hidden) {
    public Settings {
      hidden = Check.positive("hidden", Check.orDefault(hidden, 16));
    }
  }

  private final Settings settings;

  public TinyMlp(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Network build(ModelContext ctx) {
    int in = ctx.input().pixels();
    int h = settings.hidden();
    ComputationGraphConfiguration conf =
        ctx.base()
            .graphBuilder()
            .addInputs("input")
            .setInputTypes(
                InputType.convolutional(
                    ctx.input().height(), ctx.input().width(), ctx.input().channels()))
            .addLayer(
                "hidden",
                new DenseLayer.Builder()
                    .nIn(in)
                    .nOut(h)
                    .activation(Activation.RELU)
                    .weightInit(WeightInit.RELU)
                    .build(),
                "input")
            .addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(h)
                    .nOut(ctx.classes())
                    .activation(Activation.SOFTMAX)
                    .weightInit(WeightInit.XAVIER)
                    .build(),
                "hidden")
            .setOutputs("out")
            .build();
    return new Network(
        conf,
        List.of(new ParameterRef("hidden", "W"), new ParameterRef("out", "W")),
        List.of(),
        (long) in * h + (long) h * ctx.classes());
  }
}

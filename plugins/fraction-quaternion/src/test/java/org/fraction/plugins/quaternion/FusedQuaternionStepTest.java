package org.fraction.plugins.quaternion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.fraction.engine.train.fused.FusedDenseStep;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The engine's fused dense step trains quaternion dense layers (through their derived real weight)
 * exactly as Deeplearning4j's fit does through the layers' own backward pass.
 */
class FusedQuaternionStepTest {

  /** Quaternion LeNet in miniature: [batch, 1, 4, 4] read as 4 quaternions, 12 and 8 hidden. */
  private static ComputationGraph quaternionChain() {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(21)
            .dataType(DataType.FLOAT)
            .updater(new Adam(5e-3))
            .graphBuilder()
            .addInputs("input")
            .setInputTypes(InputType.convolutional(4, 4, 1))
            .addLayer(
                "fc1",
                new QuaternionDenseLayer.Builder().nOut(12).activation(Activation.RELU).build(),
                "input")
            .addLayer(
                "fc2",
                new QuaternionDenseLayer.Builder()
                    .nOut(8)
                    .hasBias(false)
                    .activation(Activation.RELU)
                    .build(),
                "fc1")
            .addLayer(
                "fc3",
                new OutputLayer.Builder(LossFunction.MCXENT)
                    .nOut(3)
                    .activation(Activation.SOFTMAX)
                    .weightInit(WeightInit.XAVIER)
                    .build(),
                "fc2")
            .setOutputs("fc3")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  @Test
  void fusedStepTrainsQuaternionLayersAsFitDoes() {
    ComputationGraph reference = quaternionChain();
    ComputationGraph fused = quaternionChain();
    FusedDenseStep.Result result = FusedDenseStep.forGraph(fused);
    assertThat(result.step()).as(result.reason()).isPresent();
    FusedDenseStep step = result.step().orElseThrow();
    Random r = new Random(4);
    for (int s = 0; s < 20; s++) {
      int batch = 9;
      INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, 4, 4).subi(0.5);
      INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 3);
      for (int b = 0; b < batch; b++) {
        y.putScalar(b, r.nextInt(3), 1f);
      }
      reference.fit(new DataSet(x, y));
      double score = step.fit(x, y);
      assertThat(score).as("score of step %d", s).isCloseTo(reference.score(), within(1e-5));
      assertThat(fused.params().toFloatVector())
          .as("parameters after step %d", s)
          .containsExactly(reference.params().toFloatVector(), within(2e-5f));
    }
    // and evaluation afterwards sees the trained parameters, not a stale block weight
    INDArray probe = Nd4j.rand(DataType.FLOAT, 5, 1, 4, 4);
    assertThat(fused.outputSingle(probe).ravel().toFloatVector())
        .containsExactly(reference.outputSingle(probe).ravel().toFloatVector(), within(1e-5f));
  }
}

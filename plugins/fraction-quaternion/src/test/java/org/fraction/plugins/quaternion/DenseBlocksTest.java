package org.fraction.plugins.quaternion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.fraction.spi.model.DerivedDenseWeight;
import org.fraction.spi.model.Pieces;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The dense block weight built by direct loops (float networks, Vector API) against the explicit
 * Hamilton product, and its gradient fold against the nd4j operations a double network uses.
 */
class DenseBlocksTest {

  /** 8 inputs (2 quaternions) to 76 outputs (19 quaternions: whole vectors and a tail). */
  private static ComputationGraph net(DataType type) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(5)
            .dataType(type)
            .updater(new NoOp())
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(8))
            .addLayer(
                "q",
                new QuaternionDenseLayer.Builder().nOut(76).activation(Activation.TANH).build(),
                "in")
            .addLayer(
                "out",
                new LossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(),
                "q")
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  @Test
  void floatBlockWeightComputesTheHamiltonProduct() {
    assertThat(DenseBlocks.AVAILABLE).as("tests run with jdk.incubator.vector").isTrue();
    ComputationGraph g = net(DataType.FLOAT);
    QuaternionLayersTest.randomize(g, 3);
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 8).subi(0.5);
    double[][] linear =
        ExplicitQuaternions.dense(
            x.toDoubleMatrix(),
            QuaternionLayersTest.components2d(g, "q"),
            QuaternionLayersTest.bias(g, "q"));
    double[][] actual = g.outputSingle(x).toDoubleMatrix();
    for (int n = 0; n < linear.length; n++) {
      for (int o = 0; o < linear[n].length; o++) {
        assertThat(actual[n][o]).isCloseTo(Math.tanh(linear[n][o]), within(1e-5));
      }
    }
  }

  @Test
  void floatGradientFoldMatchesTheNd4jFoldOfADoubleNetwork() {
    ComputationGraph f = net(DataType.FLOAT);
    QuaternionLayersTest.randomize(f, 4);
    ComputationGraph d = net(DataType.DOUBLE);
    d.params().assign(f.params().castTo(DataType.DOUBLE));
    Random r = new Random(6);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 8).subi(0.5);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, 5, 76);
    for (int n = 0; n < 5; n++) {
      y.putScalar(n, r.nextInt(76), 1.0);
    }
    double[] fromFloat = gradient(f, x.castTo(DataType.FLOAT), y.castTo(DataType.FLOAT));
    double[] fromDouble = gradient(d, x, y);
    assertThat(fromFloat).hasSize(8 * 76 / 4 + 76);
    assertThat(fromFloat).containsExactly(fromDouble, within(1e-5));
  }

  /** Each piece on a thread of its own, started last first. */
  private static final Pieces ON_THREADS =
      (count, piece) -> {
        Thread[] threads = new Thread[count];
        for (int i = count - 1; i >= 0; i--) {
          int index = i;
          threads[i] = new Thread(() -> piece.accept(index));
          threads[i].start();
        }
        for (Thread t : threads) {
          try {
            t.join();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
      };

  @Test
  void piecesOnOtherThreadsInAnyOrderGiveTheSameBlockWeightAndFold() {
    ComputationGraph g = net(DataType.FLOAT);
    QuaternionLayersTest.randomize(g, 7);
    g.initGradientsView();
    DerivedDenseWeight layer = (DerivedDenseWeight) g.getLayer("q");
    INDArray inTurn = layer.realWeight(Pieces.IN_TURN).dup();
    assertThat(layer.realWeight(ON_THREADS)).isEqualTo(inTurn);

    layer.realWeightGradient().assign(Nd4j.rand(DataType.FLOAT, 8, 76).subi(0.5));
    INDArray gradients = g.getLayer("q").getGradientsViewArray();
    layer.foldRealWeightGradient(Pieces.IN_TURN);
    INDArray foldedInTurn = gradients.dup();
    gradients.assign(0);
    layer.foldRealWeightGradient(ON_THREADS);
    assertThat(gradients).isEqualTo(foldedInTurn);
    assertThat(foldedInTurn.amaxNumber().doubleValue()).isGreaterThan(0.0);
  }

  private static double[] gradient(ComputationGraph g, INDArray x, INDArray y) {
    g.setInputs(x);
    g.setLabels(y);
    g.computeGradientAndScore(LayerWorkspaceMgr.noWorkspaces());
    return g.gradient().gradient().reshape(-1).toDoubleVector();
  }
}

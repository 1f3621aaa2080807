package org.fraction.engine.train.fused;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * LeNet-300-100's shape, large enough that its first layer's products and the Adam pass are cut
 * into pieces: training on a team of any size gives the same bits, and the same step as {@code
 * fit}.
 */
class FusedDenseThreadsTest {

  private static final int BATCH = 60;

  private static ComputationGraph lenet() {
    return DenseChains.of(28, 28, new int[] {300, 100}, 10, new Adam(1.2e-3), 0, 11);
  }

  private static DataSet batch(Random r, int size) {
    float[] x = new float[size * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    INDArray y = Nd4j.zeros(DataType.FLOAT, size, 10);
    for (int i = 0; i < size; i++) {
      y.putScalar(i, r.nextInt(10), 1f);
    }
    return new DataSet(Nd4j.create(x, new long[] {size, 1, 28, 28}, 'c'), y);
  }

  /** The parameters after 12 steps (the last batch short) on a team of this many threads. */
  private static INDArray train(int threads, double[] scores) {
    ComputationGraph g = lenet();
    FusedDenseStep step = FusedDenseStep.forGraph(g, threads).step().orElseThrow();
    assertThat(step.threads()).isEqualTo(threads);
    assertThat(step.update()).isEqualTo("fused adam");
    Random r = new Random(3);
    for (int s = 0; s < 12; s++) {
      DataSet d = batch(r, s == 11 ? 37 : BATCH);
      scores[s] = step.fit(d.getFeatures(), d.getLabels());
    }
    return g.params().dup();
  }

  @Test
  void anyTeamSizeGivesTheSameBits() {
    double[] alone = new double[12];
    double[] two = new double[12];
    double[] four = new double[12];
    INDArray one = train(1, alone);
    assertThat(train(2, two)).isEqualTo(one);
    assertThat(train(4, four)).isEqualTo(one);
    assertThat(two).containsExactly(alone);
    assertThat(four).containsExactly(alone);
  }

  @Test
  void aTeamOfTwoTakesTheSameStepsAsFit() {
    ComputationGraph fitted = lenet();
    double[] scores = new double[12];
    INDArray fused = train(2, scores);
    Random r = new Random(3);
    for (int s = 0; s < 12; s++) {
      DataSet d = batch(r, s == 11 ? 37 : BATCH);
      fitted.fit(d);
      assertThat(scores[s]).as("score of step %d", s).isCloseTo(fitted.score(), within(1e-5));
    }
    INDArray difference = fused.sub(fitted.params());
    assertThat(difference.amaxNumber().doubleValue()).isLessThan(2e-5);
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}

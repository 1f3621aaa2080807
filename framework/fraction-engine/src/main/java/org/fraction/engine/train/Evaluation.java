package org.fraction.engine.train;

import java.io.IOException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fraction.engine.data.Batch;
import org.fraction.engine.data.BatchStream;
import org.fraction.engine.data.ExampleSet;
import org.fraction.engine.data.ImageEncoder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Test-set accuracy and cross-entropy loss, in inference mode (no training graph kept). */
public record Evaluation(double accuracy, double loss, long images) {

  public static Evaluation run(
      ComputationGraph graph, ExampleSet test, ImageEncoder encoder, int classes, int batchSize)
      throws IOException {
    long correct = 0;
    double lossSum = 0;
    long n = 0;
    try (BatchStream batches =
        new BatchStream(test, encoder, java.util.List.of(), classes, batchSize, null, null, 0)) {
      while (batches.hasNext()) {
        Batch b = batches.next();
        INDArray probabilities = graph.outputSingle(false, b.features());
        INDArray predicted = probabilities.argMax(1);
        int[] truth = b.classes();
        for (int i = 0; i < truth.length; i++) {
          if (predicted.getInt(i) == truth[i]) {
            correct++;
          }
        }
        INDArray p = probabilities.mul(b.labels()).sum(1);
        lossSum -= Transforms.log(Transforms.max(p, 1e-12, false), false).sumNumber().doubleValue();
        n += truth.length;
      }
    }
    return new Evaluation(n == 0 ? 0 : (double) correct / n, n == 0 ? 0 : lossSum / n, n);
  }
}

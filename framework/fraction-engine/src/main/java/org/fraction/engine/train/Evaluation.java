package org.fraction.engine.train;

import java.io.IOException;
import org.fraction.engine.data.Batch;
import org.fraction.engine.data.BatchStream;
import org.fraction.engine.data.ExampleSet;
import org.fraction.engine.data.ImageEncoder;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Test-set accuracy and cross-entropy loss, in inference mode (no training graph kept). */
public record Evaluation(double accuracy, double loss, long images) {

  /**
   * A network's class probabilities [batch, classes] for a batch of features, in inference mode.
   */
  @FunctionalInterface
  public interface Forward {
    INDArray probabilities(INDArray features);
  }

  /**
   * Accuracy (the first most probable class, as nd4j's argmax picks it) and the mean cross-entropy
   * {@code -log p(true class)} (p floored at 1e-12) over the test set.
   */
  public static Evaluation run(
      Forward forward, ExampleSet test, ImageEncoder encoder, int classes, int batchSize)
      throws IOException {
    long correct = 0;
    double lossSum = 0;
    long n = 0;
    try (BatchStream batches =
        new BatchStream(test, encoder, java.util.List.of(), classes, batchSize, null, null, 0)) {
      while (batches.hasNext()) {
        Batch b = batches.next();
        float[] p = forward.probabilities(b.features()).reshape(-1).toFloatVector();
        int[] truth = b.classes();
        for (int i = 0; i < truth.length; i++) {
          int row = i * classes;
          int best = 0;
          for (int c = 1; c < classes; c++) {
            if (p[row + c] > p[row + best]) {
              best = c;
            }
          }
          if (best == truth[i]) {
            correct++;
          }
          lossSum -= Math.log(Math.max(p[row + truth[i]], 1e-12));
        }
        n += truth.length;
      }
    }
    return new Evaluation(n == 0 ? 0 : (double) correct / n, n == 0 ? 0 : lossSum / n, n);
  }
}

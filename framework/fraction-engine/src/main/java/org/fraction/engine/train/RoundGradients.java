package org.fraction.engine.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fraction.engine.data.Batch;
import org.fraction.engine.data.BatchStream;
import org.fraction.engine.data.Seeds;
import org.fraction.engine.scoring.NetworkGradients;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.GradientOracle;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The gradients offered to a round's pruning strategy, on images drawn from the training split. */
final class RoundGradients {

  private RoundGradients() {}

  static GradientOracle of(
      TrialContext context,
      BuiltNetwork template,
      Map<ParameterRef, INDArray> parameters,
      int round) {
    int batch = context.settings.training().batchSize();
    return new NetworkGradients(
        template.network(),
        parameters,
        context.encoder.network(),
        context.classes(),
        batch,
        n -> firstImages(context, n, Seeds.derive(context.settings.seed(), "score", round)));
  }

  /** The first {@code n} images of a seeded shuffle of the training split, without augmentation. */
  static DataSet firstImages(TrialContext context, int n, long seed) {
    if (n > context.data.train().size()) {
      throw new IllegalArgumentException(
          "scoring asks for "
              + n
              + " images; the training split has "
              + context.data.train().size());
    }
    List<INDArray> features = new ArrayList<>();
    List<INDArray> labels = new ArrayList<>();
    int taken = 0;
    int batch = Math.min(n, context.settings.training().batchSize());
    try (BatchStream stream =
        new BatchStream(
            context.data.train(),
            context.encoder,
            List.of(),
            context.classes(),
            batch,
            new SplittableRandom(seed),
            null,
            0)) {
      while (taken < n && stream.hasNext()) {
        Batch b = stream.next();
        int use = Math.min(b.size(), n - taken);
        features.add(b.features().get(NDArrayIndex.interval(0, use)).dup());
        labels.add(b.labels().get(NDArrayIndex.interval(0, use)).dup());
        taken += use;
      }
    }
    return new DataSet(
        Nd4j.concat(0, features.toArray(INDArray[]::new)),
        Nd4j.concat(0, labels.toArray(INDArray[]::new)));
  }
}

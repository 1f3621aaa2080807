package org.fraction.spark.testing;

import java.util.Map;
import org.apache.spark.TaskContext;
import org.fraction.engine.testing.SmallestFirstPruning;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.fraction.spi.settings.Check;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Smallest-first pruning that fails when the first attempt of a Spark task prunes for round {@code
 * fail-at-round}: a trial task that fails once, after some rounds are complete.
 */
public final class FlakyPruning implements PruningStrategy {

  public record Settings(Integer failAtRound) {
    public Settings {
      failAtRound = Check.positive("fail-at-round", Check.orDefault(failAtRound, 2));
    }
  }

  private final Settings settings;
  private final SmallestFirstPruning pruning =
      new SmallestFirstPruning(new SmallestFirstPruning.Settings());

  public FlakyPruning(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Map<ParameterRef, INDArray> prune(PruningContext context) {
    TaskContext task = TaskContext.get();
    if (task != null && task.attemptNumber() == 0 && context.round() == settings.failAtRound()) {
      throw new IllegalStateException(
          "flaky-smallest-first: the first attempt fails at round " + context.round());
    }
    return pruning.prune(context);
  }
}

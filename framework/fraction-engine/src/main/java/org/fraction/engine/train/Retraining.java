package org.fraction.engine.train;

import java.io.IOException;
import java.util.Map;
import org.fraction.engine.settings.FineTune;
import org.fraction.engine.settings.PruningKeys;
import org.fraction.engine.settings.Retrain;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.spi.model.ParameterRef;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a pruned round of the ticket starts from under the workflow's {@code retrain} mode: weight
 * rewinding starts from the rewind point stored in round 0; learning-rate rewinding and fine-tuning
 * start from the previous round's trained weights. Fine-tuning also trains for its own number of
 * epochs at a constant rate, by default the schedule's rate at the dense round's last step.
 */
final class Retraining {

  private static final org.fraction.spi.optim.Schedule CONSTANT =
      (epoch, iteration, perEpoch, epochs) -> 1.0;

  private final Retrain mode;
  private final TrialDirectory dir;
  private final RoundTrainer.RoundSchedule schedule;
  private Map<ParameterRef, INDArray> rewindWeights;

  Retraining(TrialContext context, PruningKeys keys, TrialDirectory dir) {
    this.mode = keys.retrain();
    this.dir = dir;
    this.schedule = mode == Retrain.FINE_TUNE ? fineTune(context, keys.fineTune()) : null;
  }

  private static RoundTrainer.RoundSchedule fineTune(TrialContext context, FineTune fineTune) {
    long denseSteps = context.iterationsPerEpoch * context.settings.training().epochs();
    double rate = fineTune.lr() != null ? fineTune.lr() : context.learningRate.at(denseSteps - 1);
    return new RoundTrainer.RoundSchedule(
        fineTune.epochs(),
        new ScheduledLearningRate(CONSTANT, rate, context.iterationsPerEpoch, fineTune.epochs()),
        null);
  }

  /** The weights the round after {@code previous} starts from (the trainer masks them). */
  Map<ParameterRef, INDArray> start(RoundData previous) throws IOException {
    return mode.keepsTrainedWeights() ? previous.weights() : rewindWeights();
  }

  /** The weights stored in round 0 at the rewind point. */
  Map<ParameterRef, INDArray> rewindWeights() throws IOException {
    if (rewindWeights == null) {
      rewindWeights = RoundFiles.read(dir.roundFile(0)).rewind();
    }
    return rewindWeights;
  }

  /** The pruned rounds' epochs and rates, or null for the workflow's own. */
  RoundTrainer.RoundSchedule schedule() {
    return schedule;
  }
}

package org.fraction.engine.train;

import java.io.IOException;
import org.fraction.engine.data.Batch;
import org.fraction.engine.data.BatchStream;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.TrialInfo;

/**
 * Trains a round's network for one epoch (a seeded pass over the training set, the mask tightened
 * as it goes under gradual pruning) and evaluates it on the test set.
 */
final class EpochTrainer {

  private final TrialContext context;
  private final TrialObserver observer;

  EpochTrainer(TrialContext context, TrialObserver observer) {
    this.context = context;
    this.observer = observer;
  }

  /** What one pass over the training set measured. */
  private record Pass(double lossSum, long images) {}

  /**
   * Runs epoch {@code epoch} (from 0) of the round, adds its metrics to the state's history and
   * reports them.
   *
   * @param rewindAt the step after which the state keeps the weights to rewind to, or -1
   * @throws TrainingDivergedException when the training loss is not finite
   */
  EpochMetrics run(
      TrialInfo info,
      int round,
      int epoch,
      long rewindAt,
      RoundTrainer.RoundSchedule schedule,
      RoundState state,
      EpochClock clock)
      throws IOException {
    observer.epochStarted(info, round, epoch + 1);
    double learningRate = schedule.learningRate().at(state.iteration);
    long started = System.nanoTime();
    clock.start();
    Pass pass = train(info, round, epoch, rewindAt, schedule.gradual(), state, clock);
    double trainSeconds = (System.nanoTime() - started) / 1e9;
    clock.charge(EpochClock.Part.DATA_WAIT);
    Evaluation eval =
        Evaluation.run(
            state.step::probabilities,
            context.data.test(),
            context.encoder,
            context.classes(),
            context.settings.training().evalBatchSize());
    clock.charge(EpochClock.Part.EVALUATION);
    double seconds = (System.nanoTime() - started) / 1e9;
    EpochMetrics metrics =
        new EpochMetrics(
            epoch + 1,
            pass.lossSum() / Math.max(1, pass.images()),
            eval.loss(),
            eval.accuracy(),
            learningRate,
            pass.images() / Math.max(trainSeconds, 1e-9),
            seconds,
            state.masks.density());
    state.history.add(metrics);
    observer.epochFinished(info, round, metrics);
    clock.charge(EpochClock.Part.TRACKING);
    if (!Double.isFinite(metrics.trainLoss())) {
      throw new TrainingDivergedException(
          "round "
              + round
              + ", epoch "
              + (epoch + 1)
              + ": the training loss is "
              + metrics.trainLoss()
              + "; lower the learning rate");
    }
    return metrics;
  }

  private Pass train(
      TrialInfo info,
      int round,
      int epoch,
      long rewindAt,
      GradualPruner gradual,
      RoundState state,
      EpochClock clock)
      throws IOException {
    double weightDecay = context.optimizer.weightDecay();
    double lossSum = 0;
    long images = 0;
    long batchIndex = 0;
    try (BatchStream batches = context.trainingBatches(context.settings.seed(), round, epoch)) {
      while (batches.hasNext()) {
        StopSignal.check();
        Batch b = batches.next();
        clock.charge(EpochClock.Part.DATA_WAIT);
        double loss =
            state.step.fit(b.features(), b.labels(), clock)
                - (weightDecay > 0 ? state.graph.calcRegularizationScore(true) : 0);
        lossSum += loss * b.size();
        images += b.size();
        state.iteration++;
        batchIndex++;
        if (state.iteration == rewindAt) {
          state.rewind = state.net.copyParameters();
        }
        clock.charge(EpochClock.Part.STEPS);
        if (gradual != null) {
          MaskSet tightened = gradual.after(state.iteration, state.net, state.masks);
          if (tightened != state.masks) {
            state.tighten(tightened);
          }
          clock.charge(EpochClock.Part.MASKS);
        }
        observer.batchFinished(
            info, batchIndex, context.iterationsPerEpoch, lossSum / images, images);
        clock.charge(EpochClock.Part.TRACKING);
      }
    }
    return new Pass(lossSum, images);
  }
}

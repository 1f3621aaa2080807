package org.fraction.engine.train;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.RoundSummary;
import org.fraction.spi.tracking.TrialInfo;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains one round: a fresh optimizer (no state carried over from earlier rounds) from the given
 * start weights under the given masks (tightened as it goes under gradual pruning), an evaluation
 * after every epoch, an epoch checkpoint after every epoch but the last, and the round file at the
 * end.
 */
final class RoundTrainer {

  /**
   * @param round the round number
   * @param dir where the round's files go
   * @param template a network of the trial's architecture; its weights are the start weights unless
   *     {@code start} is given
   * @param start the weights to start from (masked by the trainer), or null for the template's
   * @param masks the round's masks
   * @param rewindAt for a ticket's round 0: the step after which to capture the weights later
   *     rounds rewind to (0 captures the initial weights); -1 captures nothing
   * @param attributes metadata stored in the round file
   * @param schedule how long and at which rates the round trains, and whether its mask tightens as
   *     it goes; null for the workflow's epochs and schedule under fixed masks
   */
  record Job(
      TrialInfo info,
      int round,
      TrialDirectory dir,
      BuiltNetwork template,
      Map<ParameterRef, INDArray> start,
      MaskSet masks,
      long rewindAt,
      Map<String, Object> attributes,
      RoundSchedule schedule) {

    Job(
        TrialInfo info,
        int round,
        TrialDirectory dir,
        BuiltNetwork template,
        Map<ParameterRef, INDArray> start,
        MaskSet masks,
        long rewindAt,
        Map<String, Object> attributes) {
      this(info, round, dir, template, start, masks, rewindAt, attributes, null);
    }
  }

  /**
   * A round's training that differs from the workflow's: its epochs, its learning rate per step
   * (installed in the optimizer), and a pruner that tightens the mask during training (or null).
   */
  record RoundSchedule(int epochs, ScheduledLearningRate learningRate, GradualPruner gradual) {}

  /**
   * Sees each round's network as its first step will find it: start weights masked, optimizer
   * fresh.
   */
  interface StartProbe {
    void roundStarts(int round, BuiltNetwork net);
  }

  private final TrialContext context;
  private final TrialObserver observer;
  private final StartProbe probe;

  RoundTrainer(TrialContext context, TrialObserver observer) {
    this(context, observer, (round, net) -> {});
  }

  RoundTrainer(TrialContext context, TrialObserver observer, StartProbe probe) {
    this.context = context;
    this.observer = observer;
    this.probe = probe;
  }

  RoundSummary train(Job job) throws IOException {
    RoundSchedule schedule =
        job.schedule() != null
            ? job.schedule()
            : new RoundSchedule(context.settings.training().epochs(), context.learningRate, null);
    RoundState state = start(job, schedule);
    EpochCheckpoints checkpoints =
        new EpochCheckpoints(job.dir(), job.round(), job.info(), observer);
    RoundData checkpoint = checkpoints.read();
    if (checkpoint != null) {
      state.resumeFrom(checkpoint);
      observer.roundResumed(job.info(), job.round(), state.epochsDone());
    }
    int firstEpoch = state.epochsDone();
    int epochs = schedule.epochs();
    double density =
        schedule.gradual() == null ? state.masks.density() : schedule.gradual().finalDensity();
    observer.roundStarted(job.info(), job.round(), density, epochs, context.iterationsPerEpoch);
    if (firstEpoch == 0) {
      probe.roundStarts(job.round(), state.net);
    }

    EpochTrainer trainer = new EpochTrainer(context, observer);
    EpochClock clock = new EpochClock();
    for (int epoch = firstEpoch; epoch < epochs; epoch++) {
      trainer.run(job.info(), job.round(), epoch, job.rewindAt(), schedule, state, clock);
      if (epoch < epochs - 1) {
        checkpoints.write(
            state,
            RoundAttributes.checkpoint(job.attributes(), job.round(), state.iteration, epoch + 1));
        clock.charge(EpochClock.Part.CHECKPOINT);
        clock.report(job.round(), epoch + 1, System.err);
      }
    }
    if (job.rewindAt() > state.iteration) {
      throw new IllegalStateException(
          "rewind point "
              + job.rewindAt()
              + " lies beyond the round's "
              + state.iteration
              + " steps");
    }
    RoundSummary summary = summarize(job.round(), state.masks, state.net, state.history);
    RoundFiles.write(
        job.dir().roundFile(job.round()),
        state.data(RoundAttributes.finished(job.attributes(), summary, state), null));
    checkpoints.delete();
    clock.charge(EpochClock.Part.CHECKPOINT);
    clock.report(job.round(), epochs, System.err);
    return summary;
  }

  /** The round's network at its start: the start weights, masked, under the round's rates. */
  private RoundState start(Job job, RoundSchedule schedule) {
    BuiltNetwork net = NetworkFactory.rebuild(job.template());
    if (job.start() != null) {
      net.setParameters(job.start());
    }
    if (schedule.learningRate() != context.learningRate) {
      net.graph().setLearningRate(schedule.learningRate());
    }
    return new RoundState(net, job.masks(), job.rewindAt());
  }

  static RoundSummary summarize(
      int round, MaskSet masks, BuiltNetwork net, List<EpochMetrics> history) {
    long remaining = masks.remaining();
    long pruned = masks.size() - remaining;
    double best = history.stream().mapToDouble(EpochMetrics::testAccuracy).max().orElse(0);
    return new RoundSummary(
        round,
        masks.density(),
        (double) remaining / net.network().realPrunable(),
        net.trainableCount() - pruned,
        history.get(history.size() - 1).testAccuracy(),
        best,
        history,
        masks.collapsedLayers());
  }
}

package org.fraction.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fraction.engine.data.Batch;
import org.fraction.engine.data.BatchStream;
import org.fraction.engine.data.Seeds;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.store.RoundFileSchema;
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
    int epochs = schedule.epochs();
    BuiltNetwork net = NetworkFactory.rebuild(job.template());
    if (job.start() != null) {
      net.setParameters(job.start());
    }
    ComputationGraph graph = net.graph();
    if (schedule.learningRate() != context.learningRate) {
      graph.setLearningRate(schedule.learningRate());
    }
    MaskSet masks = job.masks();
    TrainingStep step = new TrainingStep(net, masks);
    step.applyMasks();

    Map<ParameterRef, INDArray> rewind = job.rewindAt() == 0 ? net.copyParameters() : Map.of();
    List<EpochMetrics> history = new ArrayList<>();
    int firstEpoch = 0;
    long iteration = 0;
    var checkpointFile = job.dir().checkpointFile(job.round());
    RoundData checkpoint = readCheckpoint(job, checkpointFile);
    if (checkpoint != null) {
      net.setParameters(checkpoint.weights());
      graph
          .getUpdater()
          .getStateViewArray()
          .assign(
              checkpoint.updaterState().reshape(graph.getUpdater().getStateViewArray().shape()));
      history.addAll(checkpoint.epochs());
      firstEpoch = history.size();
      iteration = (long) checkpoint.number(RoundFileSchema.ITERATIONS_DONE);
      graph.getConfiguration().setIterationCount((int) iteration);
      graph.getConfiguration().setEpochCount(firstEpoch);
      if (!checkpoint.rewind().isEmpty()) {
        rewind = checkpoint.rewind();
      }
      masks =
          TrialRunner.masksOf(
              net, checkpoint.masks()); // tightened since the start under gradual pruning
      step = new TrainingStep(net, masks);
      observer.roundResumed(job.info(), job.round(), firstEpoch);
    }
    double density =
        schedule.gradual() == null ? masks.density() : schedule.gradual().finalDensity();
    observer.roundStarted(job.info(), job.round(), density, epochs, context.iterationsPerEpoch);
    if (firstEpoch == 0) {
      probe.roundStarts(job.round(), net);
    }

    double weightDecay = context.optimizer.weightDecay();
    int batchSize = context.settings.training().batchSize();
    long seed = context.settings.seed();
    EpochClock clock = new EpochClock();
    for (int epoch = firstEpoch; epoch < epochs; epoch++) {
      observer.epochStarted(job.info(), job.round(), epoch + 1);
      double learningRate = schedule.learningRate().at(iteration);
      long started = System.nanoTime();
      clock.start();
      double lossSum = 0;
      long images = 0;
      long batchIndex = 0;
      SplittableRandom order =
          new SplittableRandom(Seeds.derive(seed, "order", job.round(), epoch));
      SplittableRandom augment =
          new SplittableRandom(Seeds.derive(seed, "augment", job.round(), epoch));
      try (BatchStream batches =
          new BatchStream(
              context.data.train(),
              context.encoder,
              context.augment,
              context.classes(),
              batchSize,
              order,
              augment,
              0)) {
        while (batches.hasNext()) {
          StopSignal.check();
          Batch b = batches.next();
          clock.charge(EpochClock.Part.DATA_WAIT);
          double loss =
              step.fit(b.features(), b.labels(), clock)
                  - (weightDecay > 0 ? graph.calcRegularizationScore(true) : 0);
          lossSum += loss * b.size();
          images += b.size();
          iteration++;
          batchIndex++;
          if (iteration == job.rewindAt()) {
            rewind = net.copyParameters();
          }
          clock.charge(EpochClock.Part.STEPS);
          if (schedule.gradual() != null) {
            MaskSet tightened = schedule.gradual().after(iteration, net, masks);
            if (tightened != masks) {
              masks = tightened;
              step = new TrainingStep(net, masks);
              step.applyMasks();
            }
            clock.charge(EpochClock.Part.MASKS);
          }
          observer.batchFinished(
              job.info(), batchIndex, context.iterationsPerEpoch, lossSum / images, images);
          clock.charge(EpochClock.Part.TRACKING);
        }
      }
      double trainSeconds = (System.nanoTime() - started) / 1e9;
      clock.charge(EpochClock.Part.DATA_WAIT);
      Evaluation eval =
          Evaluation.run(
              graph,
              context.data.test(),
              context.encoder,
              context.classes(),
              context.settings.training().evalBatchSize());
      clock.charge(EpochClock.Part.EVALUATION);
      double seconds = (System.nanoTime() - started) / 1e9;
      EpochMetrics metrics =
          new EpochMetrics(
              epoch + 1,
              lossSum / Math.max(1, images),
              eval.loss(),
              eval.accuracy(),
              learningRate,
              images / Math.max(trainSeconds, 1e-9),
              seconds,
              masks.density());
      history.add(metrics);
      observer.epochFinished(job.info(), job.round(), metrics);
      clock.charge(EpochClock.Part.TRACKING);
      if (!Double.isFinite(metrics.trainLoss())) {
        throw new TrainingDivergedException(
            "round "
                + job.round()
                + ", epoch "
                + (epoch + 1)
                + ": the training loss is "
                + metrics.trainLoss()
                + "; lower the learning rate");
      }
      if (epoch < epochs - 1) {
        Map<String, Object> attrs = new LinkedHashMap<>(job.attributes());
        attrs.put(RoundFileSchema.ROUND, (long) job.round());
        attrs.put(RoundFileSchema.ITERATIONS_DONE, iteration);
        attrs.put(RoundFileSchema.EPOCHS_DONE, (long) (epoch + 1));
        RoundFiles.write(
            checkpointFile,
            new RoundData(
                attrs,
                net.copyParameters(),
                masks.masks(),
                rewind,
                history,
                graph.getUpdater().getStateViewArray()));
        clock.charge(EpochClock.Part.CHECKPOINT);
        clock.report(job.round(), epoch + 1, System.err);
      }
    }
    if (job.rewindAt() > iteration) {
      throw new IllegalStateException(
          "rewind point " + job.rewindAt() + " lies beyond the round's " + iteration + " steps");
    }
    RoundSummary summary = summarize(job.round(), masks, net, history);
    Map<String, Object> attrs = new LinkedHashMap<>(job.attributes());
    attrs.put(RoundFileSchema.ROUND, (long) job.round());
    attrs.put(RoundFileSchema.DENSITY, summary.density());
    attrs.put(RoundFileSchema.DENSITY_VS_REAL, summary.densityVsReal());
    attrs.put(RoundFileSchema.PARAMS_REMAINING, summary.paramsRemaining());
    attrs.put(RoundFileSchema.PARAMS_TOTAL, net.trainableCount());
    attrs.put(RoundFileSchema.PRUNABLE, masks.size());
    attrs.put(RoundFileSchema.PRUNABLE_REMAINING, masks.remaining());
    attrs.put(RoundFileSchema.COLLAPSED_LAYERS, masks.collapsedLayers());
    attrs.put(RoundFileSchema.REAL_PRUNABLE, net.network().realPrunable());
    attrs.put(RoundFileSchema.TEST_ACCURACY, summary.testAccuracy());
    attrs.put(RoundFileSchema.BEST_TEST_ACCURACY, summary.bestTestAccuracy());
    attrs.put(RoundFileSchema.TEST_LOSS, history.get(history.size() - 1).testLoss());
    attrs.put(RoundFileSchema.TRAIN_LOSS, history.get(history.size() - 1).trainLoss());
    attrs.put(RoundFileSchema.EPOCHS, (long) history.size());
    attrs.put(RoundFileSchema.ITERATIONS, iteration);
    attrs.put(RoundFileSchema.SECONDS, history.stream().mapToDouble(EpochMetrics::seconds).sum());
    RoundFiles.write(
        job.dir().roundFile(job.round()),
        new RoundData(attrs, net.copyParameters(), masks.masks(), rewind, history, null));
    Files.deleteIfExists(checkpointFile);
    clock.charge(EpochClock.Part.CHECKPOINT);
    clock.report(job.round(), epochs, System.err);
    return summary;
  }

  /** The round's epoch checkpoint, or null if there is none; a damaged one is discarded. */
  private RoundData readCheckpoint(Job job, Path checkpointFile) throws IOException {
    if (!Files.isRegularFile(checkpointFile)) {
      return null;
    }
    try {
      return RoundFiles.read(checkpointFile);
    } catch (BadDataException e) {
      Files.delete(checkpointFile);
      observer.notice(
          job.info(),
          e.getMessage() + "; the damaged epoch checkpoint is discarded and its epochs run again");
      return null;
    }
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

package org.fraction.engine.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fraction.engine.data.Batch;
import org.fraction.engine.data.BatchStream;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.data.Seeds;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.settings.PruningKeys;
import org.fraction.engine.settings.PruningSchedule;
import org.fraction.engine.settings.Rewind;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.StabilityResult;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.spi.model.ParameterRef;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Instability analysis (Frankle et al. 2020, "Linear mode connectivity and the lottery ticket
 * hypothesis"): two copies of a round's subnetwork are trained from the same start point under the
 * round's mask, exactly as the round trained but with different data order and augmentation, and
 * the test error is measured along the straight line between the two results. The error barrier is
 * the highest error on the path less the mean of the two end points' errors.
 *
 * <p>The start point and the training follow the trial's retraining mode: under weight rewinding
 * the copies start from the rewind point and train the workflow's epochs with its schedule; under
 * learning-rate rewinding and fine-tuning a pruned round's copies start from the weights the round
 * started from (the previous round's trained weights) and train as the round did (fine-tuning: its
 * epochs at its constant rate). A rewind point other than the trial's is refused for those rounds,
 * and so are the pruned rounds of gradual pruning, whose mask is not fixed during training.
 */
public final class StabilityAnalysis {

  /** Batches used to re-estimate batch-norm statistics at each point of the path. */
  static final int BATCH_NORM_BATCHES = 100;

  /**
   * @param round the round whose mask is analysed
   * @param rewind the weights both copies start from; null for the trial's own rewind point
   * @param points points on the path, both ends included (at least 2)
   * @param recomputeBatchNorm re-estimate batch-norm statistics at every point before evaluating
   * @param seeds the data-order seeds of the two copies
   */
  public record Request(
      int round, Rewind rewind, int points, boolean recomputeBatchNorm, long[] seeds) {

    public Request {
      if (points < 2) {
        throw new IllegalArgumentException("--points must be at least 2, got " + points);
      }
      if (seeds.length != 2) {
        throw new IllegalArgumentException("two seeds, one per copy");
      }
    }

    /** The default copies' seeds, derived from the trial's seed. */
    public static long[] copySeeds(long trialSeed) {
      return new long[] {
        Seeds.derive(trialSeed, "stability-copy", 0), Seeds.derive(trialSeed, "stability-copy", 1)
      };
    }
  }

  /** Reports progress: which copy trains, which point is evaluated. */
  public interface Progress {
    void copyTrained(int copy, double testAccuracy);

    /**
     * @param network the network at the point, as evaluated (valid during the call only)
     */
    void pointEvaluated(int index, double alpha, double testAccuracy, BuiltNetwork network);
  }

  private final Trial trial;
  private final TrialDirectory dir;
  private final TrialContext context;

  public StabilityAnalysis(Trial trial, TrialDirectory dir, DataCache data) throws IOException {
    this.trial = trial;
    this.dir = dir;
    this.context = new TrialContext(trial, data);
  }

  /** The trial's own rewind point: its pruning's {@code rewind}, init without pruning. */
  public Rewind trialRewind() {
    return trial.settings().pruning() == null
        ? Rewind.INIT
        : trial.settings().pruning().engine().rewind();
  }

  public StabilityResult run(Request request, Progress progress) throws IOException {
    if (!dir.hasRound(request.round())) {
      throw new IllegalArgumentException(
          "round "
              + request.round()
              + " of trial "
              + trial.id()
              + " is not finished ("
              + dir.roundFile(request.round())
              + " is missing)");
    }
    Rewind rewind = request.rewind() == null ? trialRewind() : request.rewind();
    checkDefined(request.round(), rewind);
    BuiltNetwork initial = context.newNetwork(trial.settings().seed());
    MaskSet masks =
        TrialRunner.masksOf(initial, RoundFiles.read(dir.roundFile(request.round())).masks());
    RoundTrainer.RoundSchedule schedule = schedule(request.round());
    Map<ParameterRef, INDArray> start =
        keepsTrainedWeights(request.round())
            ? RoundFiles.read(dir.roundFile(request.round() - 1)).weights()
            : rewindWeights(initial, rewind);

    List<BuiltNetwork> copies = new ArrayList<>();
    double[] accuracy = new double[2];
    for (int c = 0; c < 2; c++) {
      BuiltNetwork copy =
          trainCopy(initial, start, masks, schedule, request.round(), request.seeds()[c]);
      copies.add(copy);
      accuracy[c] = evaluate(copy).accuracy();
      progress.copyTrained(c, accuracy[c]);
    }
    INDArray a = copies.get(0).graph().params().dup();
    INDArray b = copies.get(1).graph().params().dup();
    BuiltNetwork between = NetworkFactory.rebuild(initial);
    int n = request.points();
    double[] alpha = new double[n];
    double[] acc = new double[n];
    double[] loss = new double[n];
    for (int i = 0; i < n; i++) {
      alpha[i] = (double) i / (n - 1);
      between.graph().params().assign(interpolate(a, b, alpha[i]));
      if (request.recomputeBatchNorm()) {
        recomputeBatchNorm(between, request.seeds()[0], i);
      }
      Evaluation e = evaluate(between);
      acc[i] = e.accuracy();
      loss[i] = e.loss();
      progress.pointEvaluated(i, alpha[i], acc[i], between);
    }
    return StabilityResult.of(
        trial.id(),
        request.round(),
        rewind.toString(),
        rewind.equals(trialRewind()),
        request.recomputeBatchNorm(),
        request.seeds(),
        schedule.epochs(),
        alpha,
        acc,
        loss);
  }

  /**
   * The weights a fraction {@code alpha} of the way from {@code a} to {@code b}, computed from the
   * nearer end so that both ends are exact and two equal copies give their own weights at every
   * point ((1 - alpha) a + alpha b moves each weight by a float rounding).
   */
  static INDArray interpolate(INDArray a, INDArray b, double alpha) {
    return alpha <= 0.5 ? b.sub(a).muli(alpha).addi(a) : a.sub(b).muli(1 - alpha).addi(b);
  }

  /**
   * How round {@code round}'s copies train: the epochs and learning rates the round trained with.
   */
  RoundTrainer.RoundSchedule schedule(int round) throws IOException {
    RoundTrainer.RoundSchedule fineTune =
        round == 0 || trial.settings().pruning() == null
            ? null
            : new Retraining(context, trial.settings().pruning().engine(), dir).schedule();
    return fineTune != null
        ? fineTune
        : new RoundTrainer.RoundSchedule(
            trial.settings().training().epochs(), context.learningRate, null);
  }

  /** The epochs each copy of round {@code round} trains. */
  public int epochs(int round) throws IOException {
    return schedule(round).epochs();
  }

  /** Whether round {@code round} (and so each copy) started from the previous round's weights. */
  public boolean keepsTrainedWeights(int round) {
    PruningKeys pruning =
        trial.settings().pruning() == null ? null : trial.settings().pruning().engine();
    return round > 0
        && pruning.schedule() != PruningSchedule.GRADUAL
        && pruning.retrain().keepsTrainedWeights();
  }

  /**
   * Refuses an analysis the trial's training does not define: a pruned round of gradual pruning
   * (its mask changed during training), or a rewind point other than the trial's for a round that
   * started from the previous round's trained weights.
   */
  private void checkDefined(int round, Rewind rewind) {
    PruningKeys pruning =
        trial.settings().pruning() == null ? null : trial.settings().pruning().engine();
    if (round == 0 || pruning == null) {
      return;
    }
    if (pruning.schedule() == PruningSchedule.GRADUAL) {
      throw new IllegalArgumentException(
          "round "
              + round
              + " of trial "
              + trial.id()
              + " pruned gradually while it trained, so it has no fixed subnetwork to train twice;"
              + " an instability analysis of gradual pruning is defined for round 0 only");
    }
    if (keepsTrainedWeights(round) && !rewind.equals(trialRewind())) {
      throw new IllegalArgumentException(
          "round "
              + round
              + " of trial "
              + trial.id()
              + " retrains with pruning.retrain: "
              + pruning.retrain().id()
              + " from round "
              + (round - 1)
              + "'s trained weights, so its copies start there; a rewind point ("
              + rewind
              + ") applies to weight rewinding and to round 0 only");
    }
  }

  /**
   * The weights at the rewind point: the weights round 0 started from, the trial's stored ones, or
   * round 0 replayed (under its mask, from its start weights) up to the point.
   */
  private Map<ParameterRef, INDArray> rewindWeights(BuiltNetwork initial, Rewind rewind)
      throws IOException {
    if (rewind.isInit()) {
      // a transferred ticket started from its source's rewind weights, when it took them
      TransferSource transfer = TransferSource.open(trial, initial);
      Map<ParameterRef, INDArray> transferred = transfer == null ? null : transfer.startWeights();
      return transferred != null ? transferred : initial.copyParameters();
    }
    if (rewind.equals(trialRewind()) && dir.hasRound(0)) {
      Map<ParameterRef, INDArray> stored = RoundFiles.read(dir.roundFile(0)).rewind();
      if (!stored.isEmpty()) {
        return stored;
      }
    }
    // round 0 again, as the trial trained it (a transferred ticket under its transferred mask,
    // from its transferred weights), up to the rewind step
    long steps = rewind.iterations(context.iterationsPerEpoch);
    long limit = context.iterationsPerEpoch * trial.settings().training().epochs();
    if (steps > limit) {
      throw new IllegalArgumentException(
          "rewind point " + rewind + " lies beyond round 0's " + limit + " steps");
    }
    BuiltNetwork net = NetworkFactory.rebuild(initial);
    TransferSource transfer = TransferSource.open(trial, initial);
    Map<ParameterRef, INDArray> start = transfer == null ? null : transfer.startWeights();
    if (start != null) {
      net.setParameters(start);
    }
    TrainingStep step =
        new TrainingStep(net, TrialRunner.masksOf(net, RoundFiles.read(dir.roundFile(0)).masks()));
    step.applyMasks();
    train(net, step, 0, trial.settings().seed(), steps);
    return net.copyParameters();
  }

  private BuiltNetwork trainCopy(
      BuiltNetwork initial,
      Map<ParameterRef, INDArray> start,
      MaskSet masks,
      RoundTrainer.RoundSchedule schedule,
      int round,
      long seed)
      throws IOException {
    BuiltNetwork net = NetworkFactory.rebuild(initial);
    net.setParameters(start);
    if (schedule.learningRate() != context.learningRate) {
      net.graph().setLearningRate(schedule.learningRate());
    }
    TrainingStep step = new TrainingStep(net, masks);
    step.applyMasks();
    Nd4j.getRandom().setSeed(seed);
    train(net, step, round, seed, context.iterationsPerEpoch * schedule.epochs());
    return net;
  }

  /**
   * Trains {@code steps} steps with the data order and augmentation of {@code seed}, as the round
   * loop does.
   */
  private void train(BuiltNetwork net, TrainingStep step, int round, long seed, long steps)
      throws IOException {
    long done = 0;
    for (int epoch = 0; done < steps; epoch++) {
      try (BatchStream batches = context.trainingBatches(seed, round, epoch)) {
        while (batches.hasNext() && done < steps) {
          StopSignal.check();
          Batch batch = batches.next();
          step.fit(batch.features(), batch.labels());
          done++;
        }
      }
    }
  }

  /**
   * Re-estimates the running statistics of batch normalisation (the parameters without an updater)
   * from training batches in training mode, the other weights held fixed.
   */
  private void recomputeBatchNorm(BuiltNetwork net, long seed, int point) throws IOException {
    List<ParameterRef> statistics =
        net.parameters().stream()
            .filter(
                r ->
                    net.graph().getLayer(r.layer()).conf().getLayer().getUpdaterByParam(r.param())
                        instanceof NoOp)
            .toList();
    if (statistics.isEmpty()) {
      return;
    }
    Map<ParameterRef, INDArray> fixed = net.copyParameters();
    BuiltNetwork work = NetworkFactory.rebuild(net);
    int done = 0;
    // passes over the training set until the moving averages have seen enough batches
    for (int pass = 0; done < BATCH_NORM_BATCHES; pass++) {
      try (BatchStream batches =
          new BatchStream(
              context.data.train(),
              context.encoder,
              context.augment,
              context.classes(),
              trial.settings().training().batchSize(),
              new SplittableRandom(Seeds.derive(seed, "batch-norm", point, pass)),
              new SplittableRandom(Seeds.derive(seed, "batch-norm-augment", point, pass)),
              0)) {
        while (done < BATCH_NORM_BATCHES && batches.hasNext()) {
          Batch batch = batches.next();
          work.graph().fit(new org.nd4j.linalg.dataset.DataSet(batch.features(), batch.labels()));
          for (ParameterRef ref : work.parameters()) {
            if (!statistics.contains(ref)) {
              work.param(ref).assign(fixed.get(ref));
            }
          }
          done++;
        }
      }
    }
    for (ParameterRef ref : statistics) {
      net.param(ref).assign(work.param(ref));
    }
  }

  private Evaluation evaluate(BuiltNetwork net) throws IOException {
    return Evaluation.run(
        TrainingStep.inference(net),
        context.data.test(),
        context.encoder,
        context.classes(),
        trial.settings().training().evalBatchSize());
  }
}

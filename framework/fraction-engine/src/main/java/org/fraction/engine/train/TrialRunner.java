package org.fraction.engine.train;

import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fraction.engine.backend.NativeRuntimeInfo;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.data.Seeds;
import org.fraction.engine.plan.StoredSettings;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.settings.Control;
import org.fraction.engine.settings.MaskSource;
import org.fraction.engine.settings.PruningKeys;
import org.fraction.engine.settings.PruningSchedule;
import org.fraction.engine.store.DamagedRounds;
import org.fraction.engine.store.MatrixChoices;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.SettingsHistory;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.workflow.Keys;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.store.RoundFileSchema;
import org.fraction.spi.tracking.RoundSummary;
import org.fraction.spi.tracking.TrialInfo;
import org.fraction.spi.tracking.TrialStatus;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs one trial to completion: the ticket's rounds (train, prune, rewind, retrain), then each
 * control's rounds. Rounds whose files exist are skipped, and a round with an epoch checkpoint
 * continues from it, so running a trial again after any interruption finishes it with the same
 * numbers.
 */
public final class TrialRunner {

  private final Trial trial;
  private final RunStore store;
  private final DataCache data;
  private final TrialObserver observer;
  private final RoundTrainer.StartProbe probe;
  private final Clock clock;

  /**
   * Makes the runner of each trial. A runner lives as long as its trial's run: the trial, its
   * observer and the store are its own; the clock and data cache are the process's.
   */
  public static final class Factory {
    private final Clock clock;

    /** Tests outside an injector make the factory with the clock they want. */
    @Inject
    public Factory(Clock clock) {
      this.clock = clock;
    }

    public TrialRunner create(Trial trial, RunStore store, DataCache data, TrialObserver observer) {
      return new TrialRunner(trial, store, data, observer, (round, net) -> {}, clock);
    }
  }

  /** A runner on the system clock that shows each round's starting network to {@code probe}. */
  TrialRunner(
      Trial trial,
      RunStore store,
      DataCache data,
      TrialObserver observer,
      RoundTrainer.StartProbe probe) {
    this(trial, store, data, observer, probe, Clock.systemUTC());
  }

  private TrialRunner(
      Trial trial,
      RunStore store,
      DataCache data,
      TrialObserver observer,
      RoundTrainer.StartProbe probe,
      Clock clock) {
    this.trial = trial;
    this.store = store;
    this.data = data;
    this.observer = observer;
    this.probe = probe;
    this.clock = clock;
  }

  /** The rounds of the ticket (key "") and of each control, run now or found on disk. */
  public record Outcome(Trial trial, Map<String, List<RoundSummary>> roundsByControl) {}

  public Outcome run() throws IOException {
    TrialDirectory dir = store.trial(trial.name(), trial.id());
    try (TrialDirectory.Lock lock = dir.lock()) {
      List<SettingsHistory.Change> changed = StoredSettings.checkResume(dir, trial);
      dir.removeTemporaryFiles();
      NativeRuntimeInfo runtime = NativeRuntimeInfo.current();
      TrialInfo ticket = TrialInfos.of(trial, "", dir.path(), runtime);
      String recorded = StoredSettings.record(dir, changed, clock.instant());
      if (recorded != null) {
        observer.notice(ticket, recorded);
      }
      List<TrialDirectory> controlDirs = new ArrayList<>();
      for (String control : dir.controls()) {
        controlDirs.add(dir.control(control));
      }
      for (String moved : DamagedRounds.setAside(dir, controlDirs, clock.instant())) {
        observer.notice(ticket, moved);
      }
      dir.writeDocument(trial.document());
      MatrixChoices.write(dir, trial.choices());
      TrialContext context = new TrialContext(trial, data);
      RoundTrainer trainer = new RoundTrainer(context, observer, probe);
      BuiltNetwork initial = context.newNetwork(trial.settings().seed());
      Map<String, List<RoundSummary>> rounds = new LinkedHashMap<>();
      rounds.put("", tracked(ticket, () -> runTicket(context, trainer, initial, dir, ticket)));
      for (Control control : trial.settings().controls()) {
        TrialDirectory cdir = dir.control(control.id());
        cdir.removeTemporaryFiles();
        TrialInfo info = TrialInfos.of(trial, control.id(), cdir.path(), runtime);
        rounds.put(
            control.id(),
            tracked(info, () -> runControl(context, trainer, initial, dir, cdir, control, info)));
      }
      return new Outcome(trial, rounds);
    }
  }

  private interface Rounds {
    List<RoundSummary> run() throws IOException;
  }

  private List<RoundSummary> tracked(TrialInfo info, Rounds rounds) throws IOException {
    observer.trialStarted(info);
    try {
      List<RoundSummary> out = rounds.run();
      observer.trialFinished(info, TrialStatus.FINISHED);
      return out;
    } catch (IOException | RuntimeException | Error e) {
      boolean killed =
          Thread.currentThread().isInterrupted() || e instanceof InterruptedRunException;
      observer.trialFinished(info, killed ? TrialStatus.KILLED : TrialStatus.FAILED);
      throw e;
    }
  }

  private List<RoundSummary> runTicket(
      TrialContext context,
      RoundTrainer trainer,
      BuiltNetwork initial,
      TrialDirectory dir,
      TrialInfo info)
      throws IOException {
    PruningKeys pruning =
        trial.settings().pruning() == null ? null : trial.settings().pruning().engine();
    long rewindAt = pruning == null ? -1 : pruning.rewind().iterations(context.iterationsPerEpoch);
    List<RoundSummary> out = new ArrayList<>();
    Retraining retraining = pruning == null ? null : new Retraining(context, pruning, dir);
    RoundAnalyses analyses = new RoundAnalyses(trial, dir, data, observer, info);
    for (int k = 0; k <= trial.settings().rounds(); k++) {
      if (dir.hasRound(k)) {
        observer.roundSkipped(info, k);
        out.add(RoundFiles.readSummary(dir.roundFile(k)).summary());
        analyses.afterRound(k);
        continue;
      }
      MaskSet masks;
      Map<ParameterRef, INDArray> start = null;
      RoundTrainer.RoundSchedule schedule = null;
      if (k == 0) {
        TransferSource transfer = TransferSource.open(trial, initial);
        masks =
            transfer == null
                ? MaskSet.dense(initial)
                : transfer.masks(initial, trial.settings().seed());
        start = transfer == null ? null : transfer.startWeights();
      } else if (pruning.schedule() == PruningSchedule.GRADUAL) {
        masks = MaskSet.dense(initial);
        schedule = GradualPruner.round(context, pruning, maskPruning(context, initial), k);
      } else {
        RoundData previous = RoundFiles.read(dir.roundFile(k - 1));
        Map<ParameterRef, INDArray> rewind =
            pruning.maskSource() == MaskSource.INIT ? retraining.rewindWeights() : null;
        masks =
            prune(
                context,
                initial,
                PruningPoint.of(pruning.maskSource(), initial, previous, rewind),
                k);
        start = retraining.start(previous);
        schedule = retraining.schedule();
      }
      RoundSummary summary =
          trainer.train(
              new RoundTrainer.Job(
                  info,
                  k,
                  dir,
                  initial,
                  start,
                  masks,
                  k == 0 ? rewindAt : -1,
                  attributes(context, ""),
                  schedule));
      observer.roundFinished(info, summary, dir.roundFile(k));
      out.add(summary);
      analyses.afterRound(k);
    }
    return out;
  }

  private List<RoundSummary> runControl(
      TrialContext context,
      RoundTrainer trainer,
      BuiltNetwork initial,
      TrialDirectory ticketDir,
      TrialDirectory dir,
      Control control,
      TrialInfo info)
      throws IOException {
    long seed = trial.settings().seed();
    List<RoundSummary> out = new ArrayList<>();
    Map<ParameterRef, INDArray> rewindWeights = null;
    for (int k = 1; k <= trial.settings().rounds(); k++) {
      if (dir.hasRound(k)) {
        observer.roundSkipped(info, k);
        out.add(RoundFiles.readSummary(dir.roundFile(k)).summary());
        continue;
      }
      MaskSet ticketMasks = masksOf(initial, RoundFiles.read(ticketDir.roundFile(k)).masks());
      BuiltNetwork template;
      Map<ParameterRef, INDArray> start = null;
      MaskSet masks;
      if (control == Control.RANDOM_REINIT) {
        template = context.newNetwork(Seeds.derive(seed, control.id(), k));
        masks = ticketMasks;
      } else {
        if (rewindWeights == null) {
          rewindWeights = RoundFiles.read(ticketDir.roundFile(0)).rewind();
        }
        template = initial;
        start = rewindWeights;
        masks = randomMasks(ticketMasks, new SplittableRandom(Seeds.derive(seed, control.id(), k)));
      }
      RoundSummary summary =
          trainer.train(
              new RoundTrainer.Job(
                  info, k, dir, template, start, masks, -1, attributes(context, control.id())));
      observer.roundFinished(info, summary, dir.roundFile(k));
      out.add(summary);
    }
    return out;
  }

  /**
   * Prunes the weights at the pruning point (see {@link PruningPoint}) with the workflow's
   * strategy.
   */
  private MaskSet prune(
      TrialContext context, BuiltNetwork template, PruningPoint point, int round) {
    return maskPruning(context, template)
        .prune(
            point.weights(),
            point.masks(),
            trial.settings().pruning().engine().keep(),
            round,
            new SplittableRandom(Seeds.derive(trial.settings().seed(), "prune", round)));
  }

  private MaskPruning maskPruning(TrialContext context, BuiltNetwork template) {
    MaskContract contract =
        new MaskContract(
            context.strategy,
            trial.settings().pruning().typeName(),
            trial.settings().pruning().type().plugin());
    return new MaskPruning(
        context, contract, template, trial.settings().pruning().engine().exclude());
  }

  /** Stored masks, in the network's order and shapes. */
  static MaskSet masksOf(BuiltNetwork template, Map<ParameterRef, INDArray> stored) {
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    for (ParameterRef ref : template.prunable()) {
      INDArray m = stored.get(ref);
      if (m == null) {
        throw new IllegalStateException("round file has no mask for " + ref);
      }
      out.put(ref, m.reshape(template.param(ref).shape()));
    }
    return new MaskSet(out);
  }

  /** Random masks keeping as many weights of each tensor as the given masks. */
  static MaskSet randomMasks(MaskSet like, SplittableRandom random) {
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    for (Map.Entry<ParameterRef, INDArray> e : like.masks().entrySet()) {
      int size = Math.toIntExact(e.getValue().length());
      int keep = Math.toIntExact(e.getValue().sumNumber().longValue());
      int[] index = new int[size];
      for (int i = 0; i < size; i++) {
        index[i] = i;
      }
      float[] mask = new float[size];
      for (int i = 0; i < keep; i++) {
        int j = i + random.nextInt(size - i);
        int t = index[i];
        index[i] = index[j];
        index[j] = t;
        mask[index[i]] = 1f;
      }
      out.put(e.getKey(), Nd4j.create(mask, e.getValue().shape(), 'c'));
    }
    return new MaskSet(out);
  }

  private Map<String, Object> attributes(TrialContext context, String control) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put(RoundFileSchema.WORKFLOW, trial.name());
    a.put(RoundFileSchema.TRIAL, trial.id());
    a.put(RoundFileSchema.CONTROL, control);
    a.put(RoundFileSchema.SEED, trial.settings().seed());
    a.put(RoundFileSchema.MODEL, trial.settings().model().typeName());
    a.put(RoundFileSchema.ALGEBRA, context.algebra.id());
    a.put(RoundFileSchema.DATASET, trial.settings().dataset().typeName());
    a.put(
        RoundFileSchema.PRUNING,
        trial.settings().pruning() == null ? "" : trial.settings().pruning().typeName());
    a.put(
        RoundFileSchema.METHOD,
        trial.settings().pruning() == null ? "" : trial.settings().pruning().engine().method());
    a.put(
        RoundFileSchema.MASK_SOURCE,
        trial.settings().pruning() == null
            ? ""
            : Keys.enumKey(trial.settings().pruning().engine().maskSource()));
    a.put(RoundFileSchema.VERSION, FractionVersion.get());
    NativeRuntimeInfo runtime = NativeRuntimeInfo.current();
    a.put(RoundFileSchema.NATIVE_THREADS, (long) runtime.threads());
    a.put(RoundFileSchema.NATIVE_BUILD, runtime.build());
    return a;
  }
}

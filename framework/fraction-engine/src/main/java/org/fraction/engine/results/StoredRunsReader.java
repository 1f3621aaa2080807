package org.fraction.engine.results;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fraction.engine.backend.NativeRuntimeInfo;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.StabilityFiles;
import org.fraction.engine.store.StabilityResult;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.train.StabilityTracking;
import org.fraction.engine.train.TrialInfos;
import org.fraction.spi.store.RoundFileSchema;
import org.fraction.spi.tracking.StoredRuns;
import org.fraction.spi.tracking.StoredRuns.StoredMetrics;
import org.fraction.spi.tracking.TrialInfo;

/**
 * {@link StoredRuns} over the run store, binding each trial's stored document with the loaded
 * plugins.
 */
public final class StoredRunsReader implements StoredRuns {

  private final WorkflowLoader loader;

  @Inject
  StoredRunsReader(WorkflowLoader.Factory loaders) {
    this(loaders.create());
  }

  /** A reader binding stored documents with {@code loader} (e.g. one with its own environment). */
  public StoredRunsReader(WorkflowLoader loader) {
    this.loader = loader;
  }

  @Override
  public List<StoredTrial> read(Path runDir) throws IOException {
    List<StoredTrial> out = new ArrayList<>();
    for (TrialDirectory dir : RunResults.trials(runDir)) {
      Path document = dir.path().resolve(TrialDirectory.DOCUMENT);
      Trial trial = loader.loadTrial(dir.readDocument(), document.toString());
      out.add(stored(trial, "", dir, 0, document));
      for (String control : dir.controls()) {
        out.add(stored(trial, control, dir.control(control), 1, document));
      }
    }
    return out;
  }

  private static StoredTrial stored(
      Trial trial, String control, TrialDirectory dir, int firstRound, Path document)
      throws IOException {
    List<StoredRound> rounds = new ArrayList<>();
    NativeRuntimeInfo runtime = null;
    for (int round : dir.rounds()) {
      RoundData data = RoundFiles.readSummary(dir.roundFile(round));
      rounds.add(new StoredRound(data.summary(), dir.roundFile(round)));
      if (runtime == null && data.attributes().containsKey(RoundFileSchema.NATIVE_THREADS)) {
        runtime =
            new NativeRuntimeInfo(
                (int) data.number(RoundFileSchema.NATIVE_THREADS),
                data.text(RoundFileSchema.NATIVE_BUILD));
      }
    }
    // the native settings of the first round, as a live run records them when the trial begins
    TrialInfo info =
        runtime == null
            ? TrialInfos.of(trial, control, dir.path())
            : TrialInfos.of(trial, control, dir.path(), runtime);
    int planned = trial.settings().rounds() - firstRound + 1;
    List<StoredMetrics> analyses = new ArrayList<>();
    if (control.isEmpty()) {
      for (StabilityResult r : StabilityFiles.readAll(dir)) {
        StabilityTracking.send((values, step) -> analyses.add(new StoredMetrics(values, step)), r);
      }
    }
    return new StoredTrial(info, rounds, document, rounds.size() == planned, analyses);
  }
}

package org.fraction.engine.results;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.train.TrialInfos;
import org.fraction.spi.tracking.StoredRuns;
import org.fraction.spi.tracking.TrialInfo;

/** {@link StoredRuns} over the run store, binding each trial's stored document with the loaded plugins. */
public final class StoredRunsReader implements StoredRuns {

  private final WorkflowLoader loader;

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

  private static StoredTrial stored(Trial trial, String control, TrialDirectory dir, int firstRound, Path document)
      throws IOException {
    TrialInfo info = TrialInfos.of(trial, control, dir.path());
    List<StoredRound> rounds = new ArrayList<>();
    for (int round : dir.rounds()) {
      rounds.add(new StoredRound(RoundFiles.readSummary(dir.roundFile(round)).summary(),
          dir.roundFile(round)));
    }
    int planned = trial.settings().rounds() - firstRound + 1;
    return new StoredTrial(info, rounds, document, rounds.size() == planned);
  }
}

package org.fraction.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.settings.Rewind;
import org.fraction.engine.settings.StabilitySettings;
import org.fraction.engine.store.StabilityFiles;
import org.fraction.engine.store.StabilityResult;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.spi.tracking.TrialInfo;

/**
 * The analyses a workflow's {@code stability} block asks for, run after a ticket round finishes (or
 * is found finished on disk): one whose file exists is not run again, so a run killed during an
 * analysis makes it again on resume.
 */
final class RoundAnalyses {

  private static final StabilityAnalysis.Progress QUIET =
      new StabilityAnalysis.Progress() {
        @Override
        public void copyTrained(int copy, double testAccuracy) {}

        @Override
        public void pointEvaluated(
            int index, double alpha, double testAccuracy, BuiltNetwork network) {}
      };

  private final Trial trial;
  private final TrialDirectory dir;
  private final DataCache data;
  private final TrialObserver observer;
  private final TrialInfo info;

  RoundAnalyses(
      Trial trial, TrialDirectory dir, DataCache data, TrialObserver observer, TrialInfo info) {
    this.trial = trial;
    this.dir = dir;
    this.data = data;
    this.observer = observer;
    this.info = info;
  }

  void afterRound(int round) throws IOException {
    StabilitySettings settings = trial.settings().stability();
    if (settings == null || !settings.rounds().contains(round)) {
      return;
    }
    StabilityAnalysis analysis = new StabilityAnalysis(trial, dir, data);
    Rewind rewind = settings.rewind() == null ? analysis.trialRewind() : settings.rewind();
    Path file = StabilityFiles.file(dir, round, rewind.toString(), settings.recomputeBn());
    if (Files.isRegularFile(file)) {
      return;
    }
    StabilityResult result =
        analysis.run(
            new StabilityAnalysis.Request(
                round,
                rewind,
                settings.points(),
                settings.recomputeBn(),
                StabilityAnalysis.Request.copySeeds(trial.settings().seed())),
            QUIET);
    StabilityFiles.write(file, result);
    StabilityTracking.send((values, step) -> observer.metrics(info, values, step), result);
  }
}

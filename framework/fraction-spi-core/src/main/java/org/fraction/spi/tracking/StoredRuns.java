package org.fraction.spi.tracking;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads finished work back from the run store, e.g. to send a run made offline to a tracker. */
public interface StoredRuns {

  /** The ticket and control runs under a workflow's run directory (or one trial's directory). */
  List<StoredTrial> read(Path runDir) throws IOException;

  /**
   * One trial or control as stored.
   *
   * @param info as a tracker would have seen it when the trial ran
   * @param rounds the finished rounds in order
   * @param document the trial's resolved workflow file (YAML, including its tracking block)
   * @param complete whether every planned round is finished
   * @param analyses metrics of analyses made after training (e.g. instability analyses), in the
   *     order a live tracker receives them
   */
  record StoredTrial(
      TrialInfo info,
      List<StoredRound> rounds,
      Path document,
      boolean complete,
      List<StoredMetrics> analyses) {

    public StoredTrial {
      analyses = List.copyOf(analyses);
    }
  }

  /** A finished round and its file. */
  record StoredRound(RoundSummary summary, Path file) {}

  /** One {@link TrialTracker#metrics} call: each value under its key at {@code step}. */
  record StoredMetrics(Map<String, Double> values, long step) {

    public StoredMetrics {
      values = Map.copyOf(values);
    }
  }
}

package org.fraction.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Everything a report shows, read from a workflow's run directory. */
public record RunReport(String workflow, Path runDir, List<TrialReport> trials) {

  public RunReport {
    trials = List.copyOf(trials);
  }

  /** Every ticket and control, trial by trial. */
  public List<SeriesReport> series() {
    List<SeriesReport> out = new ArrayList<>();
    trials.forEach(t -> out.addAll(t.series()));
    return out;
  }

  public boolean complete() {
    return series().stream().allMatch(SeriesReport::complete);
  }
}

package org.fraction.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fraction.engine.train.TrialInfos;
import org.fraction.engine.workflow.Configured;
import org.fraction.engine.workflow.NoKeys;
import org.fraction.spi.tracking.Tracker;
import org.fraction.spi.tracking.TrialTracker;

/**
 * Hands the report's files to the trackers of each trial, re-created from the trial's stored
 * workflow (its {@code tracking:} block): each ticket's record is reopened with {@link
 * Tracker#reopenTrial} and receives every file through {@link TrialTracker#artifact}. Works with
 * any tracker; a tracker that fails is reported, never fatal.
 */
public final class ArtifactPublisher {

  /**
   * What one tracker of one trial received.
   *
   * @param problem empty when the tracker took every file, else what went wrong or is undelivered
   */
  public record Delivery(String trial, String tracker, int files, String problem) {}

  private ArtifactPublisher() {}

  public static List<Delivery> publish(RunReport report, List<Path> files) {
    List<Delivery> out = new ArrayList<>();
    for (TrialReport t : report.trials()) {
      for (Configured<NoKeys, Tracker> configured : t.trial().trackers()) {
        String name = configured.typeName();
        try {
          Tracker tracker = configured.create();
          TrialTracker trial = tracker.reopenTrial(TrialInfos.of(t.trial(), "", t.directory()));
          try {
            for (Path f : files) {
              trial.artifact(f);
            }
          } finally {
            trial.close();
          }
          String undelivered = tracker.undelivered();
          out.add(new Delivery(t.id(), name, files.size(), undelivered == null ? "" : undelivered));
        } catch (RuntimeException e) {
          out.add(
              new Delivery(
                  t.id(), name, 0, e.getMessage() == null ? e.toString() : e.getMessage()));
        }
      }
    }
    return out;
  }
}

package org.fraction.engine.plan;

import java.util.List;
import java.util.Map;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.engine.workflow.Configured;
import org.fraction.engine.workflow.NoKeys;
import org.fraction.spi.tracking.Tracker;

/**
 * One trial of a workflow: a matrix cell with its settings resolved.
 *
 * @param id short hash of the settings that differ from defaults; names the trial's directory
 * @param settings the resolved settings
 * @param trackers the enabled trackers
 * @param choices the matrix values that made this trial, by dotted key, as written
 * @param document the resolved workflow as YAML: binding it again gives the same trial, which is
 *     how a trial travels to another process or machine
 */
public record Trial(
    String id,
    WorkflowSettings settings,
    List<Configured<NoKeys, Tracker>> trackers,
    Map<String, String> choices,
    String document) {

  public Trial {
    trackers = List.copyOf(trackers);
  }

  /** This trial with the matrix values that made it, which its document does not hold. */
  public Trial withChoices(Map<String, String> matrixChoices) {
    return new Trial(id, settings, trackers, matrixChoices, document);
  }

  public String name() {
    return settings.name();
  }
}

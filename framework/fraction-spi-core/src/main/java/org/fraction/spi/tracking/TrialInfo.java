package org.fraction.spi.tracking;

import java.nio.file.Path;
import java.util.Map;

/**
 * The trial a tracker is told about.
 *
 * @param workflow the workflow's name
 * @param trialId the trial's id (a hash of its non-default settings); controls share it
 * @param control empty for the ticket itself, else the control's name, e.g. {@code random-reinit}
 * @param settings every resolved setting, flattened to dotted keys ({@code training.optimizer.lr})
 * @param tags {@code model}, {@code algebra}, {@code dataset}, {@code pruning}, {@code version}
 * @param directory where the trial's round files are
 * @param plannedRounds rounds after the dense round 0
 */
public record TrialInfo(
    String workflow,
    String trialId,
    String control,
    Map<String, String> settings,
    Map<String, String> tags,
    Path directory,
    int plannedRounds) {

  public TrialInfo {
    settings = Map.copyOf(settings);
    tags = Map.copyOf(tags);
    control = control == null ? "" : control;
  }

  /**
   * The trial id with the control appended, unique per run of rounds: {@code
   * 3f2a91c0/random-reinit}.
   */
  public String key() {
    return control.isEmpty() ? trialId : trialId + "/" + control;
  }
}

package org.fraction.engine.settings;

import java.util.List;
import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;
import org.fraction.spi.settings.InvalidSetting;

/**
 * The {@code stability} block: instability analyses run on chosen rounds of every trial, after each
 * round.
 */
public record StabilitySettings(
    @Doc("the ticket rounds to analyse, e.g. [0, 2]") List<Integer> rounds,
    @Doc("init, <N>it or <N>ep: where both copies start (default: the trial's pruning.rewind)")
        Rewind rewind,
    @Doc("points on the linear path, both ends included (default 11)") Integer points,
    @Doc("re-estimate batch-norm statistics at each point of the path (default false)")
        Boolean recomputeBn) {

  public StabilitySettings {
    rounds = Check.immutable(Check.required("rounds", rounds));
    if (rounds.isEmpty()) {
      throw new InvalidSetting("rounds", "must list at least one round");
    }
    for (int r : rounds) {
      if (r < 0) {
        throw new InvalidSetting("rounds", "must be round numbers (0, 1, ...), got " + r);
      }
    }
    points = Check.orDefault(points, 11);
    if (points < 2) {
      throw new InvalidSetting("points", "must be at least 2, got " + points);
    }
    recomputeBn = Check.orDefault(recomputeBn, false);
  }
}

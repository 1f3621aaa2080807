package org.fraction.plugins.pruning;

import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;

/** Settings of {@code synflow}. */
public record SynFlowSettings(
    @Doc("score-and-prune steps per round, densities falling exponentially (default 100)")
        Integer iterations,
    @Doc("component: rank single weights; quaternion: keep or remove whole quaternions")
        Granularity granularity) {

  public SynFlowSettings {
    iterations = Check.positive("iterations", Check.orDefault(iterations, 100));
    granularity = granularity == null ? Granularity.COMPONENT : granularity;
  }
}

package org.fraction.plugins.pruning;

import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;

/** Settings of {@code synflow}. */
public record SynFlowSettings(
    @Doc("score-and-prune steps per round, densities falling exponentially (default 100)")
        Integer iterations,
    @Doc("component: rank single weights; quaternion: keep or remove whole quaternions")
        Granularity granularity,
    @Doc(
            "global: one ranking over all layers; layer: each layer keeps the round's fraction of"
                + " its weights (or quaternions) by its own scores")
        Scope scope) {

  public SynFlowSettings {
    iterations = Check.positive("iterations", Check.orDefault(iterations, 100));
    granularity = granularity == null ? Granularity.COMPONENT : granularity;
    scope = scope == null ? Scope.GLOBAL : scope;
  }
}

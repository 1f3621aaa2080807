package org.fraction.plugins.pruning;

import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;

/** Settings of {@code snip}. */
public record SnipSettings(
    @Doc("training images the loss gradient is taken on (default 10 per class)") Integer images,
    @Doc("component: rank single weights; quaternion: keep or remove whole quaternions")
        Granularity granularity,
    @Doc(
            "global: one ranking over all layers; layer: each layer keeps the round's fraction of"
                + " its weights (or quaternions) by its own scores")
        Scope scope) {

  public SnipSettings {
    if (images != null) {
      Check.positive("images", images);
    }
    granularity = granularity == null ? Granularity.COMPONENT : granularity;
    scope = scope == null ? Scope.GLOBAL : scope;
  }
}

package org.fraction.plugins.pruning;

import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;

/** Settings of {@code grasp}. */
public record GraspSettings(
    @Doc("training images the gradient and Hessian are taken on (default 10 per class)")
        Integer images,
    @Doc("the logits are divided by it before the softmax (default 200)") Double temperature,
    @Doc("component: rank single weights; quaternion: keep or remove whole quaternions")
        Granularity granularity,
    @Doc(
            "global: one ranking over all layers; layer: each layer keeps the round's fraction of"
                + " its weights (or quaternions) by its own scores")
        Scope scope) {

  public GraspSettings {
    if (images != null) {
      Check.positive("images", images);
    }
    temperature = Check.positive("temperature", Check.orDefault(temperature, 200.0));
    granularity = granularity == null ? Granularity.COMPONENT : granularity;
    scope = scope == null ? Scope.GLOBAL : scope;
  }
}

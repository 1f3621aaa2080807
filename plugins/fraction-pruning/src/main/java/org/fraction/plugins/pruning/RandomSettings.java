package org.fraction.plugins.pruning;

import org.fraction.spi.settings.Doc;

/** Settings of {@code random}. */
public record RandomSettings(
    @Doc("global: one draw over all layers; layer: each layer at the same density") Scope scope) {

  public RandomSettings {
    scope = scope == null ? Scope.GLOBAL : scope;
  }
}

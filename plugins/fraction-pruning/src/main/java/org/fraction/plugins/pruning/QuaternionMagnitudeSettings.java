package org.fraction.plugins.pruning;

import org.fraction.spi.settings.Doc;

/** Settings of {@code quaternion-magnitude}. */
public record QuaternionMagnitudeSettings(
    @Doc(
            "global: one ranking over all quaternions and real weights; layer: each layer keeps the"
                + " same fraction of its quaternions (or weights)")
        Scope scope) {

  public QuaternionMagnitudeSettings {
    scope = scope == null ? Scope.GLOBAL : scope;
  }
}

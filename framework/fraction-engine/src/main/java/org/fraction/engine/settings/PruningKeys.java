package org.fraction.engine.settings;

import java.util.List;
import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;
import org.fraction.spi.settings.InvalidSetting;

/** The engine's keys of the {@code pruning} block; the strategy's own keys sit beside them. */
public record PruningKeys(
    @Doc("fraction of the remaining prunable weights kept per round, in (0, 1)") Double keep,
    @Doc("pruning rounds after the dense round 0") Integer rounds,
    @Doc("init, <N>it or <N>ep: where surviving weights are rewound to") Rewind rewind,
    @Doc("layers never pruned") List<String> exclude,
    @Doc("trained: prune the previous round's trained weights (iterative); init: a fresh mask at the rewind point"
        + " for each round (pruning at initialisation)") MaskSource maskSource) {

  public PruningKeys {
    Check.openInterval("keep", Check.required("keep", keep), 0, 1);
    Check.nonNegative("rounds", Check.required("rounds", rounds));
    if (rounds > 200) {
      throw new InvalidSetting("rounds", "must be at most 200, got " + rounds);
    }
    rewind = rewind == null ? Rewind.INIT : rewind;
    exclude = Check.immutable(exclude);
    maskSource = maskSource == null ? MaskSource.TRAINED : maskSource;
  }
}

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
    @Doc(
            "after pruning: weight-rewind (weights and schedule to the rewind point), lr-rewind"
                + " (trained weights, the same schedule and steps) or fine-tune (trained weights,"
                + " constant rate; needs fine-tune.epochs)")
        Retrain retrain,
    @Doc("for retrain: fine-tune, {epochs: N, lr: X}") FineTune fineTune,
    @Doc(
            "iterative: a mask after each round; gradual: each round from the initial weights,"
                + " pruned during training")
        PruningSchedule schedule,
    @Doc("for schedule: gradual, {start: 0it, end: <N>it|<N>ep, every: <N>it|<N>ep}")
        GradualPruning gradual,
    @Doc(
            "trained: prune the previous round's trained weights (iterative); init: a fresh mask at"
                + " the rewind point for each round (pruning at initialisation)")
        MaskSource maskSource) {

  public PruningKeys {
    Check.openInterval("keep", Check.required("keep", keep), 0, 1);
    Check.nonNegative("rounds", Check.required("rounds", rounds));
    if (rounds > 200) {
      throw new InvalidSetting("rounds", "must be at most 200, got " + rounds);
    }
    rewind = rewind == null ? Rewind.INIT : rewind;
    exclude = Check.immutable(exclude);
    maskSource = maskSource == null ? MaskSource.TRAINED : maskSource;
    if (schedule == PruningSchedule.GRADUAL
        && retrain != null
        && retrain != Retrain.WEIGHT_REWIND) {
      throw new InvalidSetting(
          "retrain", "applies to iterative pruning; gradual rounds train from the initial weights");
    }
    retrain = retrain == null ? Retrain.WEIGHT_REWIND : retrain;
    if (retrain == Retrain.FINE_TUNE && (fineTune == null || fineTune.epochs() == null)) {
      throw new InvalidSetting(
          "retrain", "fine-tune needs the epochs of each pruned round: fine-tune: {epochs: N}");
    }
    schedule = schedule == null ? PruningSchedule.ITERATIVE : schedule;
    if (schedule == PruningSchedule.GRADUAL && gradual == null) {
      throw new InvalidSetting(
          "schedule", "gradual needs gradual: {end: <N>it|<N>ep, every: <N>it|<N>ep}");
    }
  }

  /** The density planned after {@code round} rounds: keep^round. */
  public double plannedDensity(int round) {
    return Math.pow(keep, round);
  }

  /**
   * The method as results and reports name it: the retraining mode for iterative pruning, {@code
   * gradual} for gradual pruning.
   */
  public String method() {
    return schedule == PruningSchedule.GRADUAL ? schedule.id() : retrain.id();
  }
}

package org.fraction.engine.train;

import java.util.SplittableRandom;
import org.fraction.engine.data.Seeds;
import org.fraction.engine.settings.GradualSchedule;
import org.fraction.engine.settings.PruningKeys;

/**
 * Tightens a round's mask during training (Zhu & Gupta 2017): at each pruning step of the cubic
 * schedule the strategy keeps {@code round(size * d_t)} of the prunable weights, ranked on the
 * weights as they are at that step. Pruned weights stay pruned.
 */
final class GradualPruner {

  private final GradualSchedule schedule;
  private final double finalDensity;
  private final MaskPruning pruning;
  private final long seed;
  private final int round;

  GradualPruner(
      GradualSchedule schedule, double finalDensity, MaskPruning pruning, long seed, int round) {
    this.schedule = schedule;
    this.finalDensity = finalDensity;
    this.pruning = pruning;
    this.seed = seed;
    this.round = round;
  }

  /**
   * The schedule of a gradual round: the workflow's epochs and rates, the mask tightening to
   * keep^round.
   */
  static RoundTrainer.RoundSchedule round(
      TrialContext context, PruningKeys keys, MaskPruning pruning, int round) {
    GradualPruner pruner =
        new GradualPruner(
            keys.gradual().inSteps(context.iterationsPerEpoch),
            keys.plannedDensity(round),
            pruning,
            context.settings.seed(),
            round);
    return new RoundTrainer.RoundSchedule(
        context.settings.training().epochs(), context.learningRate, pruner);
  }

  /** The density the round ends at. */
  double finalDensity() {
    return finalDensity;
  }

  /**
   * The masks after {@code step} steps: tightened if the schedule prunes there, else {@code
   * current}.
   */
  MaskSet after(long step, BuiltNetwork net, MaskSet current) {
    if (!schedule.prunesAt(step)) {
      return current;
    }
    double density = schedule.density(step, finalDensity);
    if (density >= 1.0) {
      return current;
    }
    SplittableRandom random =
        new SplittableRandom(Seeds.derive(seed, "prune-gradual", round, step));
    return pruning.prune(net.copyParameters(), current, density, 1, random);
  }
}

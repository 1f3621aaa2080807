package org.fraction.engine.plan;

import java.util.HashSet;
import java.util.Set;
import org.fraction.engine.settings.GradualPruning;
import org.fraction.engine.settings.PruningKeys;
import org.fraction.engine.settings.PruningSchedule;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.engine.train.NetworkFactory;
import org.fraction.engine.train.TransferSource;
import org.fraction.engine.workflow.Configured;
import org.fraction.engine.workflow.Problems;
import org.fraction.engine.workflow.WorkflowException;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.model.Model;
import org.fraction.spi.model.Network;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.optim.Optimizer;
import org.fraction.spi.settings.InvalidSetting;

/**
 * Checks that need the plugins, after binding: the model exists in the chosen algebra for the
 * data's shape, excluded layers are prunable layers of the model, and the rewind point lies inside
 * the dense round. Problems carry the position of the key that caused them: a model that cannot be
 * built is blamed on the key its {@link InvalidSetting} names, else on {@code type}.
 */
public final class TrialChecks {

  private TrialChecks() {}

  /** Checks every trial; throws one {@link WorkflowException} with all problems. */
  public static void check(WorkflowPlan plan) {
    Problems problems = new Problems();
    for (Trial trial : plan.trials()) {
      check(trial, problems);
    }
    problems.throwIfAny();
    plan.trials().stream()
        .filter(t -> t.settings().transfer() != null)
        .forEach(TrialChecks::checkTransfer);
  }

  /**
   * Opens the trial's transfer source against its network, so a missing or mismatched one stops the
   * run at once.
   */
  private static void checkTransfer(Trial trial) {
    WorkflowSettings s = trial.settings();
    try {
      TransferSource.open(
          trial,
          NetworkFactory.build(
              s.model().create(),
              s.dataset().create().info(),
              s.model().engine().algebra(),
              s.training().optimizer().create(),
              null,
              s.seed()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The network description of a checked trial (configuration only, no parameters). */
  public static Network describe(Trial trial) {
    WorkflowSettings s = trial.settings();
    Model model = s.model().create();
    DatasetInfo info = s.dataset().create().info();
    Optimizer optimizer = s.training().optimizer().create();
    return NetworkFactory.describe(
        model, info, s.model().engine().algebra(), optimizer, null, s.seed());
  }

  static void check(Trial trial, Problems problems) {
    WorkflowSettings s = trial.settings();
    Network network;
    DatasetInfo info;
    try {
      info = s.dataset().create().info();
      network = describe(trial);
    } catch (IllegalArgumentException | IllegalStateException e) {
      Configured<?, ?> model = s.model();
      String key =
          e instanceof InvalidSetting invalid && !invalid.key().isEmpty() ? invalid.key() : "type";
      problems.add(model.positionOf(key), model.path() + "." + key, e.getMessage());
      return;
    }
    if (s.dataset().engine().normalize()
            == org.fraction.engine.settings.DatasetKeys.Normalize.PUBLISHED
        && (info.mean() == null || info.std() == null)) {
      problems.add(
          s.dataset().positionOf("normalize"),
          "dataset.normalize",
          info.name() + " publishes no per-channel mean and std; use computed or none");
    }
    if (s.pruning() == null) {
      return;
    }
    PruningKeys keys = s.pruning().engine();
    Set<String> prunableLayers = new HashSet<>();
    for (ParameterRef ref : network.prunable()) {
      prunableLayers.add(ref.layer());
    }
    for (String layer : keys.exclude()) {
      if (!prunableLayers.contains(layer)) {
        problems.add(
            s.pruning().positionOf("exclude"),
            "pruning.exclude",
            "'"
                + layer
                + "' is not a prunable layer of "
                + s.model().typeName()
                + "; its prunable layers are "
                + String.join(", ", prunableLayers.stream().sorted().toList()));
      }
    }
    if (keys.exclude().containsAll(prunableLayers)) {
      problems.add(
          s.pruning().positionOf("exclude"),
          "pruning.exclude",
          "excludes every prunable layer: nothing is left to prune");
    }
    long perEpoch = (info.trainSize() + s.training().batchSize() - 1) / s.training().batchSize();
    long total = perEpoch * s.training().epochs();
    long rewindAt = keys.rewind().iterations(perEpoch);
    if (rewindAt > total) {
      problems.add(
          s.pruning().positionOf("rewind"),
          "pruning.rewind",
          "rewinds to step "
              + rewindAt
              + ", but a round has only "
              + total
              + " steps ("
              + s.training().epochs()
              + " epochs of "
              + perEpoch
              + ")");
    }
    if (keys.schedule() == PruningSchedule.GRADUAL) {
      checkGradual(s, keys.gradual(), perEpoch, total, problems);
    }
  }

  private static void checkGradual(
      WorkflowSettings s, GradualPruning gradual, long perEpoch, long total, Problems problems) {
    long start = gradual.start().iterations(perEpoch);
    long end = gradual.end().iterations(perEpoch);
    String where = s.pruning().path() + ".gradual";
    if (end <= start) {
      problems.add(
          s.pruning().positionOf("gradual"),
          where + ".end",
          "ends at step "
              + end
              + " ("
              + gradual.end()
              + "), not after its start at step "
              + start
              + " ("
              + gradual.start()
              + ")");
    } else if (end > total) {
      problems.add(
          s.pruning().positionOf("gradual"),
          where + ".end",
          "ends at step "
              + end
              + ", but a round has only "
              + total
              + " steps ("
              + s.training().epochs()
              + " epochs of "
              + perEpoch
              + ")");
    }
  }
}

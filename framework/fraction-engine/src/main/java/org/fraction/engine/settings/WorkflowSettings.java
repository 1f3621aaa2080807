package org.fraction.engine.settings;

import java.util.List;
import org.fraction.engine.workflow.Configured;
import org.fraction.spi.data.Dataset;
import org.fraction.spi.model.Model;
import org.fraction.spi.pruning.PruningStrategy;
import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;
import org.fraction.spi.settings.Incidental;
import org.fraction.spi.settings.InvalidSetting;

/** One trial's resolved workflow (after matrix expansion and overrides), without tracking. */
public record WorkflowSettings(
    @Doc("the workflow's name; runs go to <runs root>/<name>/") String name,
    @Doc("free text, shown in reports") String description,
    @Doc("seed of weights, data order and random pruning") Long seed,
    Configured<DatasetKeys, Dataset> dataset,
    Configured<ModelKeys, Model> model,
    TrainingSettings training,
    Configured<PruningKeys, PruningStrategy> pruning,
    @Doc("extra trials sharing the ticket's masks: random-reinit, random-prune")
        List<Control> controls,
    @Doc("instability analyses after chosen rounds: {rounds: [0, 2], rewind: init, points: 11}")
        @Incidental
        StabilitySettings stability,
    @Doc(
            "start from another trial's ticket: {from: runs/x/<trial>, round: 3, weights:"
                + " fresh|rewind}")
        TransferSettings transfer) {

  public WorkflowSettings {
    Check.required("name", name);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new InvalidSetting(
          "name", "must be letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    seed = Check.orDefault(seed, 0L);
    Check.required("dataset", dataset);
    Check.required("model", model);
    Check.required("training", training);
    controls = Check.immutable(controls);
    if (controls.stream().distinct().count() != controls.size()) {
      throw new InvalidSetting("controls", "lists a control twice");
    }
    if (!controls.isEmpty() && (pruning == null || pruning.engine().rounds() == 0)) {
      throw new InvalidSetting("controls", "need pruning with at least one round");
    }
    int rounds = pruning == null ? 0 : pruning.engine().rounds();
    if (stability != null && stability.rounds().stream().anyMatch(r -> r > rounds)) {
      throw new InvalidSetting(
          "stability",
          "rounds " + stability.rounds() + " go beyond the workflow's last round, " + rounds);
    }
    if (stability != null && rounds > 0 && stability.rounds().stream().anyMatch(r -> r > 0)) {
      checkStabilityDefined(stability, pruning.engine());
    }
  }

  /**
   * Pruned rounds can be analysed when they train a fixed mask from a start point: not under
   * gradual pruning, and under lr-rewind or fine-tune only from where the round started.
   */
  private static void checkStabilityDefined(StabilitySettings stability, PruningKeys pruning) {
    if (pruning.schedule() == PruningSchedule.GRADUAL) {
      throw new InvalidSetting(
          "stability",
          "rounds "
              + stability.rounds()
              + ": gradual pruning changes the mask while a round trains, so only round 0 can be"
              + " analysed");
    }
    if (pruning.retrain().keepsTrainedWeights()
        && stability.rewind() != null
        && !stability.rewind().equals(pruning.rewind())) {
      throw new InvalidSetting(
          "stability",
          "rewind "
              + stability.rewind()
              + ": with pruning.retrain: "
              + pruning.retrain().id()
              + ", a pruned round's copies start from the previous round's trained weights, as the"
              + " round did; leave rewind out (or analyse round 0 only)");
    }
  }

  /** A workflow without {@code stability} and {@code transfer} blocks. */
  public WorkflowSettings(
      String name,
      String description,
      Long seed,
      Configured<DatasetKeys, Dataset> dataset,
      Configured<ModelKeys, Model> model,
      TrainingSettings training,
      Configured<PruningKeys, PruningStrategy> pruning,
      List<Control> controls) {
    this(name, description, seed, dataset, model, training, pruning, controls, null, null);
  }

  /** Rounds after round 0; 0 without pruning. */
  public int rounds() {
    return pruning == null ? 0 : pruning.engine().rounds();
  }
}

package org.fraction.engine.settings;

import org.fraction.engine.workflow.Configured;
import org.fraction.engine.workflow.NoKeys;
import org.fraction.spi.optim.Optimizer;
import org.fraction.spi.optim.Schedule;
import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;
import org.fraction.spi.settings.Incidental;
import org.fraction.spi.settings.InvalidSetting;

/** The {@code training} block: how each round trains. */
public record TrainingSettings(
    @Doc("epochs per round") Integer epochs,
    @Doc("images per training step") Integer batchSize,
    @Doc("the optimizer, e.g. {type: adam, lr: 1.2e-3}") Configured<NoKeys, Optimizer> optimizer,
    @Doc("the learning-rate schedule; constant if absent") Configured<NoKeys, Schedule> schedule,
    @Doc(
            "images per evaluation batch (default 100: larger batches evaluate conv nets more"
                + " slowly per image)")
        @Incidental
        Integer evalBatchSize) {

  public TrainingSettings {
    Check.positive("epochs", Check.required("epochs", epochs));
    Check.positive("batch-size", Check.required("batch-size", batchSize));
    Check.required("optimizer", optimizer);
    evalBatchSize = Check.positive("eval-batch-size", Check.orDefault(evalBatchSize, 100));
    if (epochs > 100_000) {
      throw new InvalidSetting("epochs", "must be at most 100000, got " + epochs);
    }
  }
}

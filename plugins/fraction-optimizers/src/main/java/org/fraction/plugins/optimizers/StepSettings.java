package org.fraction.plugins.optimizers;

import java.util.List;
import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;
import org.fraction.spi.settings.InvalidSetting;

/** Settings of {@code step}. */
public record StepSettings(
    @Doc("epochs (0-based, as PyTorch counts) at which the rate is multiplied by gamma")
        List<Integer> milestones,
    @Doc("the factor applied at each milestone") Double gamma) {

  public StepSettings {
    milestones = Check.immutable(Check.required("milestones", milestones));
    for (int i = 0; i < milestones.size(); i++) {
      if (milestones.get(i) <= 0 || (i > 0 && milestones.get(i) <= milestones.get(i - 1))) {
        throw new InvalidSetting(
            "milestones", "must be positive and increasing, got " + milestones);
      }
    }
    gamma = Check.orDefault(gamma, 0.1);
    Check.openInterval("gamma", gamma, 0, Double.MAX_VALUE);
  }
}

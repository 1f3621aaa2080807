package org.fraction.engine.plan;

import java.nio.file.Path;
import java.util.List;

/** A loaded workflow: its name, where it was read from, and its trials in matrix order. */
public record WorkflowPlan(String name, Path source, List<Trial> trials) {

  public WorkflowPlan {
    trials = List.copyOf(trials);
  }
}

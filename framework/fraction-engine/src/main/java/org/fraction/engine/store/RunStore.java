package org.fraction.engine.store;

import java.nio.file.Path;

/**
 * The runs root ({@code --out}, default {@code ./runs}): {@code <root>/<workflow name>/<trial
 * id>/}.
 */
public record RunStore(Path root) {

  public static final Path DEFAULT_ROOT = Path.of("runs");

  public Path workflowDirectory(String workflow) {
    return root.resolve(workflow);
  }

  public TrialDirectory trial(String workflow, String trialId) {
    return new TrialDirectory(workflowDirectory(workflow).resolve(trialId));
  }
}

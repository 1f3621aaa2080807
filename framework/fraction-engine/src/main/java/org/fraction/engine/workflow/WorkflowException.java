package org.fraction.engine.workflow;

import java.util.List;
import java.util.stream.Collectors;

/** A workflow (or its overrides) is not valid; the command line exits with code 2. */
public final class WorkflowException extends RuntimeException {

  private final List<Problem> problems;

  public WorkflowException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public WorkflowException(Position position, String key, String message) {
    this(List.of(new Problem(position, key, message)));
  }

  public List<Problem> problems() {
    return problems;
  }
}

package org.fraction.engine.workflow;

import java.util.List;
import java.util.TreeSet;

/** Collects every problem of a workflow so that all of them are reported together. */
public final class Problems {

  private final TreeSet<Problem> problems = new TreeSet<>();

  /** Adds a problem, unless the same value already has one (the first cause is the useful one). */
  public void add(Position position, String key, String message) {
    boolean known =
        problems.stream().anyMatch(p -> p.position().equals(position) && p.key().equals(key));
    if (!known) {
      problems.add(new Problem(position, key == null ? "" : key, message));
    }
  }

  public void addAll(Problems other) {
    other.problems.forEach(p -> add(p.position(), p.key(), p.message()));
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  public int size() {
    return problems.size();
  }

  public List<Problem> list() {
    return List.copyOf(problems);
  }

  /** Throws a {@link WorkflowException} listing every problem, if there is any. */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new WorkflowException(list());
    }
  }
}

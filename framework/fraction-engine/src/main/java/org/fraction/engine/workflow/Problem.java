package org.fraction.engine.workflow;

/** One thing wrong with a workflow: {@code file:line:col: key: message}. */
public record Problem(Position position, String key, String message)
    implements Comparable<Problem> {

  @Override
  public String toString() {
    return position + ": " + (key == null || key.isEmpty() ? "" : key + ": ") + message;
  }

  @Override
  public int compareTo(Problem o) {
    int c = position.source().compareTo(o.position.source());
    if (c != 0) {
      return c;
    }
    c = Integer.compare(position.line(), o.position.line());
    if (c != 0) {
      return c;
    }
    c = Integer.compare(position.column(), o.position.column());
    return c != 0 ? c : toString().compareTo(o.toString());
  }
}

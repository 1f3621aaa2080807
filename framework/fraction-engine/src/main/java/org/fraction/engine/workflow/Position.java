package org.fraction.engine.workflow;

/** Where a value came from: a file with line and column (1-based), or a command-line option. */
public record Position(String source, int line, int column) {

  public static Position commandLine(String option) {
    return new Position(option, 0, 0);
  }

  @Override
  public String toString() {
    return line > 0 ? source + ":" + line + ":" + column : source;
  }
}

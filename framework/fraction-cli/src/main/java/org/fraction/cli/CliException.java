package org.fraction.cli;

/** A command-line problem with its exit code (2 for bad input). */
final class CliException extends RuntimeException {

  private final int code;

  CliException(int code, String message) {
    super(message);
    this.code = code;
  }

  static CliException usage(String message) {
    return new CliException(2, message);
  }

  int code() {
    return code;
  }
}

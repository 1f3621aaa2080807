package org.fraction.cli;

import org.fraction.engine.train.StopSignal;

/** The {@code fraction} command. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    StopSignal.install();
    int code;
    try {
      code = new Cli(System.out, System.err).run(args);
    } finally {
      StopSignal.runEnded();
    }
    System.out.flush();
    System.exit(code);
  }
}

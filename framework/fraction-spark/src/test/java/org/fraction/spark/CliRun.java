package org.fraction.spark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.fraction.cli.Cli;

/** Runs the fraction command line in this JVM and keeps what it printed. */
record CliRun(int code, String out, String err) {

  static CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread thread = Thread.currentThread();
    ClassLoader loader = thread.getContextClassLoader();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new Cli(o, e).run(args);
    } finally {
      thread.setContextClassLoader(loader);
    }
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * The results table {@code run} prints at the end: from its header line to the blank line after
   * it.
   */
  List<String> table() {
    List<String> rows = new ArrayList<>();
    boolean in = false;
    for (String line : out.split("\n", -1)) {
      if (!in && line.startsWith("trial ") && line.contains("test acc")) {
        in = true;
      }
      if (in) {
        if (line.isBlank()) {
          break;
        }
        rows.add(line);
      }
    }
    return rows;
  }
}

package org.fraction.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the command line in a separate JVM with this test's class path, as the launcher would. */
final class ChildProcess {

  private ChildProcess() {}

  static ProcessBuilder builder(Path log, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx2g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.fraction.cli.Main");
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb;
  }

  /** Runs to completion; returns the exit code. */
  static int run(Path log, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Process p = builder(log, env, args).start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(
          "timed out: " + String.join(" ", args) + "\n" + Files.readString(log));
    }
    return p.exitValue();
  }
}

package org.fraction.spi.cli;

import java.util.List;

/**
 * A command a plugin adds to the command line, e.g. {@code fraction mlflow sync RUN_DIR}. Register
 * it with {@link org.fraction.spi.PluginModule#registerCommand}.
 */
public interface Subcommand {

  /** The first word on the command line, e.g. {@code mlflow}. */
  String name();

  /** One line of usage, e.g. {@code mlflow sync RUN_DIR [--tracking-uri URI]}. */
  String usage();

  /** What it does, for the command list. */
  String summary();

  /**
   * Runs the command with the words after its name.
   *
   * @return the exit code: 0 success, 1 failure, 2 bad input
   */
  int run(List<String> args, CommandContext context) throws Exception;
}

package org.fraction.cli;

import java.util.List;

/** A built-in command. */
interface Command {

  String name();

  String usage();

  String summary();

  int run(List<String> args, Cli cli) throws Exception;
}

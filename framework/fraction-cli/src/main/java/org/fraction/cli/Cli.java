package org.fraction.cli;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.fraction.engine.inject.Composition;
import org.fraction.engine.plugin.LoadedPlugins;
import org.fraction.engine.plugin.PluginException;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.train.FractionVersion;
import org.fraction.engine.workflow.Matrix;
import org.fraction.engine.workflow.Suggest;
import org.fraction.engine.workflow.WorkflowException;
import org.fraction.spi.cli.CommandContext;
import org.fraction.spi.cli.Subcommand;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.tracking.StoredRuns;

/**
 * Parses the command line and runs a command. Exit codes: 0 success, 1 the run failed, 2 bad input
 * (workflow, arguments, plugin jars, data files), always with a message and without a stack trace
 * unless {@code FRACTION_DEBUG=1}.
 */
public final class Cli {

  final PrintStream out;
  final PrintStream err;
  private final List<Module> overrides;
  private Injector injector;

  public Cli(PrintStream out, PrintStream err) {
    this(out, err, List.of());
  }

  /**
   * @param overrides modules whose bindings replace the process's own (tests swap in fakes)
   */
  public Cli(PrintStream out, PrintStream err, List<? extends Module> overrides) {
    this.out = out;
    this.err = err;
    this.overrides = List.copyOf(overrides);
  }

  public int run(String... args) {
    try {
      if (args.length == 0
          || args[0].equals("help")
          || args[0].equals("--help")
          || args[0].equals("-h")) {
        help();
        return args.length == 0 ? 2 : 0;
      }
      if (args[0].equals("--version")) {
        out.println("fraction " + FractionVersion.get());
        return 0;
      }
      List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
      List<Path> jars = new ArrayList<>();
      List<String> commandArgs = takePlugins(rest, jars);
      compose(jars);
      Map<String, Command> commands = commands(injector);
      Command command = commands.get(args[0]);
      if (command != null) {
        return command.run(rest, this);
      }
      Plugins plugins = plugins();
      Subcommand sub = plugins.commands().get(args[0]);
      if (sub != null) {
        return sub.run(
            commandArgs, new CommandContext(out, err, injector.getInstance(StoredRuns.class)));
      }
      List<String> known = new ArrayList<>(commands.keySet());
      known.addAll(plugins.commands().keySet());
      throw CliException.usage(
          "unknown command '"
              + args[0]
              + "'"
              + Suggest.didYouMean(args[0], known)
              + "; commands: "
              + String.join(", ", known));
    } catch (Throwable t) {
      return fail(t);
    }
  }

  int fail(Throwable t) {
    Throwable e = unwrap(t);
    if (System.getenv("FRACTION_DEBUG") != null) {
      t.printStackTrace(err);
    }
    if (e instanceof WorkflowException w) {
      w.problems().forEach(p -> err.println(p));
      err.println(w.problems().size() + (w.problems().size() == 1 ? " problem" : " problems"));
      return 2;
    }
    if (e instanceof CliException c) {
      err.println("fraction: " + c.getMessage());
      return c.code();
    }
    if (e instanceof PluginException
        || e instanceof BadDataException
        || e instanceof ParseException) {
      err.println("fraction: " + e.getMessage());
      return 2;
    }
    if (e instanceof org.fraction.engine.train.InterruptedRunException) {
      err.println("fraction: stopped; run the same command again to resume");
      return 1;
    }
    err.println("fraction: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    return 1;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof UncheckedIOException
            || e instanceof java.util.concurrent.ExecutionException
            || (e instanceof RuntimeException && e.getClass() == RuntimeException.class))
        && e.getCause() != null) {
      e = e.getCause();
    }
    Throwable c = e;
    while (c != null) {
      if (c instanceof BadDataException) {
        return c;
      }
      c = c.getCause();
    }
    return e;
  }

  private void help() {
    out.println(
        "fraction "
            + FractionVersion.get()
            + ": lottery-ticket experiments on real and quaternion networks");
    out.println();
    out.println("usage:");
    Injector help;
    try {
      help = compose(List.of());
    } catch (RuntimeException e) {
      // plugin commands are listed when the plugins load
      help =
          Composition.create(
              new LoadedPlugins(List.of(), Cli.class.getClassLoader()), modules(), overrides);
    }
    for (Command c : commands(help).values()) {
      out.printf("  fraction %-58s %s%n", c.usage(), c.summary());
    }
    for (Subcommand c : help.getInstance(Plugins.class).commands().values()) {
      out.printf("  fraction %-58s %s%n", c.usage(), c.summary());
    }
    out.println();
    out.println(
        "exit codes: 0 success, 1 the run failed, 2 bad input, 130 and 143 stopped by SIGINT and"
            + " SIGTERM");
  }

  /**
   * Builds the process's injector (the composition root) from the engine's modules, the plugins on
   * the class path plus {@code jars} and the command line's module, with the jars' loader as
   * context loader.
   */
  private Injector compose(List<Path> jars) {
    injector = Composition.create(LoadedPlugins.load(jars), modules(), overrides);
    Thread.currentThread()
        .setContextClassLoader(injector.getInstance(LoadedPlugins.class).classLoader());
    return injector;
  }

  private List<Module> modules() {
    return List.of(new CliModule(out));
  }

  /** The built-in commands, in the order of {@code fraction help}. */
  private static Map<String, Command> commands(Injector injector) {
    Map<String, Command> commands = new LinkedHashMap<>();
    for (Command c : injector.getInstance(Key.get(new TypeLiteral<Set<Command>>() {}))) {
      commands.put(c.name(), c);
    }
    return commands;
  }

  /** The plugins of this process: those on the class path and in the {@code --plugins} jars. */
  Plugins plugins() {
    return injector.getInstance(Plugins.class);
  }

  /** Parses options; usage problems become exit code 2 with the command's usage line. */
  static CommandLine parse(Command command, Options options, List<String> args) {
    options.addOption(
        Option.builder("h").longOpt("help").desc("show this command's usage").build());
    try {
      return new DefaultParser().parse(options, args.toArray(String[]::new));
    } catch (ParseException e) {
      throw CliException.usage(e.getMessage() + "\nusage: fraction " + command.usage());
    }
  }

  static Option pluginsOption() {
    return Option.builder()
        .longOpt("plugins")
        .hasArg()
        .argName("JAR")
        .desc(
            "a plugin jar to load (repeat, or separate with '" + java.io.File.pathSeparator + "')")
        .build();
  }

  static Option setOption() {
    return Option.builder()
        .longOpt("set")
        .hasArg()
        .argName("KEY=VALUE")
        .desc("override a workflow key, e.g. training.epochs=3 (repeatable)")
        .build();
  }

  static Option maxTrialsOption() {
    return Option.builder()
        .longOpt("max-trials")
        .hasArg()
        .argName("N")
        .desc(
            "the most trials a workflow's matrix may make (default "
                + Matrix.DEFAULT_MAX_TRIALS
                + ")")
        .build();
  }

  static long maxTrials(CommandLine line) {
    String value = line.getOptionValue("max-trials");
    if (value == null) {
      return Matrix.DEFAULT_MAX_TRIALS;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw CliException.usage(
        "--max-trials must be a whole number of at least 1, got '" + value + "'");
  }

  static List<Path> pluginJars(CommandLine line) {
    List<Path> jars = new ArrayList<>();
    String[] values = line.getOptionValues("plugins");
    if (values != null) {
      for (String v : values) {
        for (String part : v.split(java.io.File.pathSeparator)) {
          if (!part.isBlank()) {
            jars.add(Path.of(part));
          }
        }
      }
    }
    return jars;
  }

  /**
   * Takes {@code --plugins JAR} (or {@code --plugins=JAR}) out of a command's words, so that the
   * process's injector holds the jars' modules before any command runs; returns the other words (a
   * plugin command gets these, a built-in command parses {@code --plugins} itself).
   */
  static List<String> takePlugins(List<String> words, List<Path> jars) {
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      String value = null;
      if (w.equals("--plugins") && i + 1 < words.size()) {
        value = words.get(++i);
      } else if (w.startsWith("--plugins=")) {
        value = w.substring("--plugins=".length());
      } else {
        rest.add(w);
        continue;
      }
      for (String part : value.split(java.io.File.pathSeparator)) {
        if (!part.isBlank()) {
          jars.add(Path.of(part));
        }
      }
    }
    return rest;
  }

  static List<String> overrides(CommandLine line) {
    String[] values = line.getOptionValues("set");
    return values == null ? List.of() : List.of(values);
  }

  /** The positional arguments, checked for count. */
  static List<String> positional(Command command, CommandLine line, int min, int max) {
    List<String> args = line.getArgList();
    if (args.size() < min || args.size() > max) {
      throw CliException.usage(
          (args.size() < min ? "missing arguments" : "too many arguments: " + args)
              + "\nusage: fraction "
              + command.usage());
    }
    return args;
  }

  static boolean wantsHelp(Command command, CommandLine line, Options options, PrintStream out) {
    if (!line.hasOption("help")) {
      return false;
    }
    out.println("usage: fraction " + command.usage());
    out.println(command.summary());
    for (Option o : options.getOptions()) {
      out.printf(
          "  --%-24s %s%n",
          o.getLongOpt() + (o.hasArg() ? " " + o.getArgName() : ""), o.getDescription());
    }
    return true;
  }
}

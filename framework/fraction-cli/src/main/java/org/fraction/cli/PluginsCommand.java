package org.fraction.cli;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.workflow.Keys;
import org.fraction.spi.Kind;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginType;
import org.fraction.spi.cli.Subcommand;
import org.fraction.spi.settings.Doc;

/** {@code fraction plugins}: every registered type, by kind. */
final class PluginsCommand implements Command {

  @Override
  public String name() {
    return "plugins";
  }

  @Override
  public String usage() {
    return "plugins [--keys] [--plugins JAR]";
  }

  @Override
  public String summary() {
    return "every registered type by kind (with --keys: their settings)";
  }

  @Override
  public int run(List<String> args, Cli cli) {
    Options options =
        new Options()
            .addOption(Cli.pluginsOption())
            .addOption(
                Option.builder().longOpt("keys").desc("list each type's settings keys").build());
    CommandLine line = Cli.parse(this, options, args);
    if (Cli.wantsHelp(this, line, options, cli.out)) {
      return 0;
    }
    Cli.positional(this, line, 0, 0);
    Plugins plugins = cli.plugins();
    boolean keys = line.hasOption("keys");
    for (Kind<?> kind : Kinds.all()) {
      Map<String, PluginType<?, ?>> types = plugins.types(kind);
      cli.out.println(kind.name() + (types.isEmpty() ? ": none" : ""));
      int width = types.keySet().stream().mapToInt(String::length).max().orElse(0);
      for (PluginType<?, ?> t : types.values()) {
        cli.out.printf("  %-" + width + "s  [%s] %s%n", t.name(), t.plugin(), t.summary());
        if (keys) {
          for (RecordComponent c : t.settings().getRecordComponents()) {
            Doc doc = c.getAnnotation(Doc.class);
            cli.out.printf(
                "      %-18s %s%n", Keys.kebab(c.getName()), doc == null ? "" : doc.value());
          }
        }
      }
    }
    Map<String, Subcommand> commands = plugins.commands();
    if (!commands.isEmpty()) {
      cli.out.println("command");
      for (Subcommand c : commands.values()) {
        cli.out.printf("  %s  %s%n", c.usage(), c.summary());
      }
    }
    return 0;
  }
}

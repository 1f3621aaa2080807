package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plugin commands get --plugins from the command line, like the built-in ones. */
class PluginCommandArgsTest {

  @Test
  void pluginJarsAreTakenOutOfAPluginCommandsWords() {
    List<Path> jars = new ArrayList<>();
    List<String> rest =
        Cli.takePlugins(
            List.of(
                "sync",
                "runs/x",
                "--plugins",
                "a.jar" + java.io.File.pathSeparator + "b.jar",
                "--wait",
                "3",
                "--plugins=c.jar"),
            jars);
    assertThat(rest).containsExactly("sync", "runs/x", "--wait", "3");
    assertThat(jars).containsExactly(Path.of("a.jar"), Path.of("b.jar"), Path.of("c.jar"));
  }
}

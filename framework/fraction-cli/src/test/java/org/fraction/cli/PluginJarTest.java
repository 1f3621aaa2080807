package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken plugin jar is bad input: each jar below, compiled and packed by the test, makes {@code
 * fraction plugins --plugins JAR} exit 2 with one line naming the jar and the mistake, and print
 * nothing else (no stack trace), in a JVM of its own as the launcher would run it.
 */
class PluginJarTest {

  @TempDir Path dir;

  /**
   * A pruning plugin module, org.acme.LampModule, with the given constructor body, type name and
   * settings.
   */
  static String module(String constructor, String typeName, String settings) {
    return """
package org.acme;

import java.util.Map;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;
import org.fraction.spi.pruning.PruningStrategy;

public final class LampModule extends PluginModule {
  public record Settings(%s) {}

  public LampModule() {
    %s
  }

  @Override
  public String pluginName() {
    return "lamp";
  }

  @Override
  protected void registerTypes() {
    register(Kinds.PRUNING, "%s", Settings.class, s -> (PruningStrategy) c -> Map.of(), "a test strategy");
  }
}
"""
        .formatted(settings, constructor, typeName);
  }

  /** Compiles the module and packs it, with or without its service registration. */
  Path jar(String name, String source, boolean registered) throws IOException {
    Path src =
        Files.createDirectories(dir.resolve(name + "-src/org/acme")).resolve("LampModule.java");
    Files.writeString(src, source);
    Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(
            null,
            null,
            null,
            "-d",
            classes.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            src.toString());
    assertThat(status).as("test plugin compiles").isZero();
    Path jar = dir.resolve(name + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
      }
      if (registered) {
        out.putNextEntry(new JarEntry("META-INF/services/org.fraction.spi.PluginModule"));
        out.write("# the lamp plugin\norg.acme.LampModule\n".getBytes(StandardCharsets.UTF_8));
      }
    }
    return jar;
  }

  /** Runs {@code fraction plugins --plugins JAR} in its own JVM; returns every line it printed. */
  List<String> plugins(Path jar, int expectedCode) throws Exception {
    Path log = dir.resolve(jar.getFileName() + ".log");
    int code = ChildProcess.run(log, Map.of(), "plugins", "--plugins", jar.toString());
    List<String> lines = Files.readAllLines(log);
    assertThat(code).as(String.join("\n", lines)).isEqualTo(expectedCode);
    return lines;
  }

  /** The jar is refused with exit code 2 and this one line only. */
  void assertRefused(Path jar, String why) throws Exception {
    assertThat(plugins(jar, 2)).containsExactly("fraction: " + jar + ": " + why);
  }

  @Test
  void aWellFormedJarAddsItsType() throws Exception {
    List<String> out = plugins(jar("good", module("", "lamp", "Double temperature"), true), 0);
    assertThat(out).anySatisfy(l -> assertThat(l).contains("lamp"));
  }

  @Test
  void aJarWithoutAServiceEntryRegistersNoPluginModule() throws Exception {
    Path jar = jar("unregistered", module("", "lamp", ""), false);
    assertRefused(
        jar,
        "registers no plugin module (it has no META-INF/services/org.fraction.spi.PluginModule"
            + " naming one)");
  }

  @Test
  void aTypeNameBreakingTheNamingRuleIsOneLineWithoutAStackTrace() throws Exception {
    Path jar = jar("badname", module("", "Lamp_2", ""), true);
    assertRefused(
        jar,
        "plugin module org.acme.LampModule: IllegalArgumentException: "
            + "type names are lower-case words joined by '-', got 'Lamp_2'");
  }

  @Test
  void settingsDeclaringAKeyTheEngineOwnsAreRefusedAtLoad() throws Exception {
    Path jar =
        jar(
            "ownedkey",
            module("", "lamp", "Double keep, Integer rounds, Double temperature"),
            true);
    assertRefused(
        jar,
        "plugin module org.acme.LampModule: "
            + "the settings of pruning type 'lamp' declare keys the engine owns: keep, rounds");
  }

  @Test
  void aModuleWhoseConstructorThrowsNamesTheJarTheClassAndTheCause() throws Exception {
    Path jar =
        jar(
            "throws",
            module(
                "if (true) throw new IllegalStateException(\"lamp.key not found\");", "lamp", ""),
            true);
    assertRefused(
        jar,
        "plugin module org.acme.LampModule could not be created: IllegalStateException: lamp.key"
            + " not found");
  }

  @Test
  void aFactoryAskingForAServiceNoModuleBindsIsRefusedAtStartUp() throws Exception {
    String source =
        """
        package org.acme;

        import jakarta.inject.Inject;
        import java.util.Map;
        import org.fraction.spi.Kinds;
        import org.fraction.spi.PluginFactory;
        import org.fraction.spi.PluginModule;
        import org.fraction.spi.pruning.PruningStrategy;

        public final class LampModule extends PluginModule {
          public record Settings() {}

          public interface Licence {}

          public static final class Factory implements PluginFactory<Settings, PruningStrategy> {
            @Inject
            public Factory(Licence licence) {}

            @Override
            public PruningStrategy create(Settings settings) {
              return c -> Map.of();
            }
          }

          @Override
          public String pluginName() {
            return "lamp";
          }

          @Override
          protected void registerTypes() {
            register(Kinds.PRUNING, "lamp", Settings.class, Factory.class, "needs a licence");
          }
        }
        """;
    Path jar = jar("unbound", source, true);
    assertRefused(
        jar,
        "plugin module org.acme.LampModule: No implementation for org.acme.LampModule$Licence was"
            + " bound.");
  }
}

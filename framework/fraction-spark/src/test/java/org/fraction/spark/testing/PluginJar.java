package org.fraction.spark.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.spi.PluginModule;

/**
 * Builds the test plugins into a jar, as a user would pass with {@code --plugins}: the engine's
 * test types (synthetic data set, tiny-mlp, momentum, smallest-first) and the recording tracker,
 * with their service file. Executors of another JVM get them only this way.
 */
public final class PluginJar {

  private PluginJar() {}

  public static Path build(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path jar = dir.resolve("fraction-test-plugins.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      copy(TestPlugin.class, "org/fraction/engine/testing/", out);
      copy(SparkTestPlugin.class, "org/fraction/spark/testing/", out);
      out.putNextEntry(new JarEntry("META-INF/services/" + PluginModule.class.getName()));
      out.write(
          String.join(
                  "\n", List.of(TestPlugin.class.getName(), SparkTestPlugin.class.getName(), ""))
              .getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  /**
   * Copies the classes under {@code prefix} from wherever {@code anchor} was loaded (directory or
   * jar).
   */
  private static void copy(Class<?> anchor, String prefix, JarOutputStream out) throws IOException {
    Path source;
    try {
      source = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    if (Files.isDirectory(source)) {
      Path base = source.resolve(prefix);
      try (Stream<Path> files = Files.walk(base)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          out.putNextEntry(new JarEntry(prefix + base.relativize(f).toString().replace('\\', '/')));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
      return;
    }
    try (JarFile in = new JarFile(source.toFile())) {
      Enumeration<JarEntry> entries = in.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        if (e.getName().startsWith(prefix) && !e.isDirectory()) {
          out.putNextEntry(new JarEntry(e.getName()));
          try (InputStream s = in.getInputStream(e)) {
            s.transferTo((OutputStream) out);
          }
          out.closeEntry();
        }
      }
    }
  }
}

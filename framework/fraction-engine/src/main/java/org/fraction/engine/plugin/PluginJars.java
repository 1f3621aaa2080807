package org.fraction.engine.plugin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.fraction.spi.PluginModule;

/**
 * The jars given with {@code --plugins}: each must exist, be a jar and register a plugin module.
 */
final class PluginJars {

  static final String SERVICES = "META-INF/services/" + PluginModule.class.getName();

  private PluginJars() {}

  /** The jars' URLs, after checking each. */
  static URL[] urls(List<Path> jars) {
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < jars.size(); i++) {
      urls[i] = checked(jars.get(i));
    }
    return urls;
  }

  private static URL checked(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new PluginException(jar + ": no such plugin jar");
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      if (!registersModule(file)) {
        throw new PluginException(
            jar + ": registers no plugin module (it has no " + SERVICES + " naming one)");
      }
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new PluginException(jar + ": " + e.getMessage());
    } catch (IOException e) {
      throw new PluginException(jar + ": not a jar file (" + e.getMessage() + ")");
    }
  }

  private static boolean registersModule(JarFile file) throws IOException {
    JarEntry services = file.getJarEntry(SERVICES);
    if (services == null) {
      return false;
    }
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(file.getInputStream(services), StandardCharsets.UTF_8))) {
      return in.lines().map(l -> l.replaceFirst("#.*", "").trim()).anyMatch(l -> !l.isEmpty());
    }
  }

  /** Where a plugin class was loaded from, for messages: its jar or directory. */
  static String origin(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return "the class path";
    }
    try {
      return Path.of(source.getLocation().toURI()).toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return source.getLocation().toString();
    }
  }
}

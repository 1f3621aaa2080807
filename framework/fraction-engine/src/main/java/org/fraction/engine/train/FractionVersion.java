package org.fraction.engine.train;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project's version, from the engine's build. */
public final class FractionVersion {

  private static final String VERSION = load();

  private FractionVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in =
        FractionVersion.class.getResourceAsStream("/org/fraction/engine/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}

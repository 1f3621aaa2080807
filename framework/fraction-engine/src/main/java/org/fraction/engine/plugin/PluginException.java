package org.fraction.engine.plugin;

/** A plugin jar is missing or broken, or two plugins register the same type (exit code 2). */
public final class PluginException extends RuntimeException {
  public PluginException(String message) {
    super(message);
  }
}

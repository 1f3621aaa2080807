package org.fraction.spi;

import java.util.Objects;
import java.util.function.Function;

/**
 * One implementation registered under a type name: the record its workflow block binds to, and the
 * factory that turns a bound record into the implementation.
 *
 * @param kind the family, e.g. {@link Kind#DATASET}
 * @param name the type name used in workflow files, e.g. {@code global-magnitude}
 * @param settings the record the block's keys bind to (validated in its compact constructor)
 * @param factory builds the implementation from bound settings
 * @param summary one line for {@code fraction plugins}
 * @param plugin the name of the plugin that registered it
 */
public record PluginType<C extends Record, T>(
    Kind<T> kind,
    String name,
    Class<C> settings,
    Function<? super C, ? extends T> factory,
    String summary,
    String plugin) {

  public PluginType {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(factory, "factory");
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException(
          "type names are lower-case words joined by '-', got '" + name + "'");
    }
    summary = summary == null ? "" : summary;
  }

  /** Creates the implementation from settings already bound to {@link #settings()}. */
  public T create(Record boundSettings) {
    return factory.apply(settings.cast(boundSettings));
  }
}

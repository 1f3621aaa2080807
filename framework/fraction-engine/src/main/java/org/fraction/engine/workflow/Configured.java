package org.fraction.engine.workflow;

import org.fraction.spi.PluginType;

/**
 * A plugin block bound from a workflow: the engine's own keys of the block, the selected type and
 * the type's settings.
 *
 * @param engine the engine's keys of the block (e.g. {@code keep}, {@code rounds} of pruning)
 * @param type the registered type named by {@code type:}
 * @param settings the type's settings record
 * @param path the block's dotted path, e.g. {@code training.optimizer}
 * @param position where the block was written
 * @param keyPositions where each key's value was written, for problems found after binding
 */
public record Configured<E extends Record, T>(
    E engine,
    PluginType<?, T> type,
    Record settings,
    String path,
    Position position,
    java.util.Map<String, Position> keyPositions) {

  public Configured {
    keyPositions = java.util.Map.copyOf(keyPositions);
  }

  /** Equal when the same type has the same settings, wherever they were written. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Configured<?, ?> c
        && c.type.equals(type)
        && c.engine.equals(engine)
        && c.settings.equals(settings);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(type.name(), engine, settings);
  }

  /** Where {@code key}'s value was written, or the block's position. */
  public Position positionOf(String key) {
    return keyPositions.getOrDefault(key, position);
  }

  /** A new implementation instance built from the settings. */
  public T create() {
    return type.create(settings);
  }

  public String typeName() {
    return type.name();
  }
}

package org.fraction.engine.settings;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.fraction.engine.workflow.Keys;
import org.fraction.engine.workflow.NoKeys;
import org.fraction.spi.Kind;
import org.fraction.spi.Kinds;

/**
 * The keys the engine owns in each kind's workflow block: {@code type} and its own settings there.
 */
public final class EngineKeys {

  private static final Map<Kind<?>, Class<? extends Record>> RECORDS =
      Map.of(
          Kinds.MODEL,
          ModelKeys.class,
          Kind.DATASET,
          DatasetKeys.class,
          Kinds.PRUNING,
          PruningKeys.class);

  private EngineKeys() {}

  /** The engine's keys of a {@code kind} block, which no type's settings may declare. */
  public static Set<String> of(Kind<?> kind) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add("type");
    keys.addAll(Keys.of(RECORDS.getOrDefault(kind, NoKeys.class)));
    return keys;
  }
}

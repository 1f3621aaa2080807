package org.fraction.engine.workflow;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Maps record component names to workflow keys: {@code batchSize} is written {@code batch-size}.
 */
public final class Keys {

  private Keys() {}

  public static String kebab(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int n = 0; n < camel.length(); n++) {
      char c = camel.charAt(n);
      if (Character.isUpperCase(c)) {
        sb.append('-').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The workflow keys of a settings record's components, in declaration order. */
  public static Set<String> of(Class<? extends Record> type) {
    Set<String> keys = new LinkedHashSet<>();
    for (RecordComponent c : type.getRecordComponents()) {
      keys.add(kebab(c.getName()));
    }
    return keys;
  }

  /**
   * Enum constants are written in lower case with dashes: {@code RANDOM_REINIT} is {@code
   * random-reinit}.
   */
  public static String enumKey(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}

package org.fraction.engine.workflow;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.fraction.spi.settings.Incidental;

/**
 * Turns bound settings back into plain maps: in full (for the resolved workflow and tracking
 * params) or only the values that differ from their defaults (for trial ids).
 */
public final class SettingsMaps {

  private SettingsMaps() {}

  /** Every value, as nested maps, lists, strings, numbers and booleans. */
  public static Object describe(Object value) {
    return describe(value, false);
  }

  /** Only what differs from defaults, leaving out {@link Incidental} settings. */
  public static Object nonDefault(Object value) {
    return describe(value, true);
  }

  private static Object describe(Object value, boolean onlyNonDefault) {
    if (value == null) {
      return null;
    }
    if (value instanceof Configured<?, ?> c) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("type", c.typeName());
      out.putAll(recordMap(c.engine(), onlyNonDefault));
      out.putAll(recordMap(c.settings(), onlyNonDefault));
      return out;
    }
    if (value instanceof Record r && !hasParse(r.getClass())) {
      return recordMap(r, onlyNonDefault);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(describe(v, onlyNonDefault)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), describe(v, onlyNonDefault)));
      return out;
    }
    if (value instanceof Enum<?> e) {
      return Keys.enumKey(e);
    }
    if (value instanceof Number || value instanceof Boolean || value instanceof String) {
      return value;
    }
    if (value instanceof Path p) {
      return p.toString();
    }
    return value.toString();
  }

  private static Map<String, Object> recordMap(Record r, boolean onlyNonDefault) {
    Map<String, Object> out = new LinkedHashMap<>();
    RecordComponent[] components = r.getClass().getRecordComponents();
    for (RecordComponent c : components) {
      Object v = get(r, c);
      if (v == null) {
        continue;
      }
      if (onlyNonDefault && (c.isAnnotationPresent(Incidental.class) || isDefault(r, c, v))) {
        continue;
      }
      Object d = describe(v, onlyNonDefault);
      if (onlyNonDefault && d instanceof Map<?, ?> m && m.isEmpty()) {
        continue;
      }
      out.put(Keys.kebab(c.getName()), d);
    }
    return out;
  }

  /** A value is a default when the record, built with that key left out, gives the same value. */
  private static boolean isDefault(Record r, RecordComponent component, Object value) {
    if (component.getType().isPrimitive()) {
      return false;
    }
    RecordComponent[] components = r.getClass().getRecordComponents();
    Object[] args = new Object[components.length];
    for (int n = 0; n < components.length; n++) {
      // by name: getRecordComponents() returns new objects on every call
      args[n] = components[n].getName().equals(component.getName()) ? null : get(r, components[n]);
    }
    try {
      Constructor<?> ctor =
          r.getClass()
              .getDeclaredConstructor(
                  Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      ctor.setAccessible(true);
      Object fallback = ctor.newInstance(args);
      return Objects.equals(get((Record) fallback, component), value);
    } catch (InvocationTargetException e) {
      return false;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object get(Record r, RecordComponent c) {
    try {
      var accessor = c.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean hasParse(Class<?> type) {
    try {
      return java.lang.reflect.Modifier.isStatic(
          type.getMethod("parse", String.class).getModifiers());
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /**
   * The dotted keys of the {@link Incidental} settings in the given settings, wherever they are
   * nested.
   */
  public static Set<String> incidentalKeys(Object value) {
    Set<String> out = new TreeSet<>();
    incidentalKeys("", value, out);
    return out;
  }

  private static void incidentalKeys(String path, Object value, Set<String> out) {
    if (value instanceof Configured<?, ?> c) {
      incidentalKeys(path, c.engine(), out);
      incidentalKeys(path, c.settings(), out);
    } else if (value instanceof Record r && !hasParse(r.getClass())) {
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        String key = Keys.join(path, Keys.kebab(c.getName()));
        if (c.isAnnotationPresent(Incidental.class)) {
          out.add(key);
        } else {
          incidentalKeys(key, get(r, c), out);
        }
      }
    }
  }

  /** Flattens nested maps to dotted keys; lists become their YAML flow form. */
  public static Map<String, String> flatten(Object described) {
    Map<String, String> out = new LinkedHashMap<>();
    flatten("", described, out);
    return out;
  }

  private static void flatten(String path, Object value, Map<String, String> out) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> flatten(Keys.join(path, String.valueOf(k)), v, out));
    } else if (value != null) {
      out.put(path, text(value));
    }
  }

  /** A value as it would be written in a workflow file (flow style for collections). */
  public static String text(Object value) {
    if (value instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      list.forEach(v -> items.add(text(v)));
      return "[" + String.join(", ", items) + "]";
    }
    if (value instanceof Map<?, ?> map) {
      List<String> items = new ArrayList<>();
      map.forEach((k, v) -> items.add(k + ": " + text(v)));
      return "{" + String.join(", ", items) + "}";
    }
    if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return d.toString();
    }
    return String.valueOf(value);
  }
}

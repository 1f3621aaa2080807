package org.fraction.engine.workflow;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fraction.engine.workflow.Node.ListNode;
import org.fraction.engine.workflow.Node.MapNode;
import org.fraction.engine.workflow.Node.ScalarNode;
import org.fraction.spi.Kind;
import org.fraction.spi.PluginType;
import org.fraction.spi.settings.InvalidSetting;

/**
 * Binds workflow trees to settings records, strictly: unknown keys (with a did-you-mean), wrong
 * types, values the record's constructor rejects and unknown plugin types all become {@link
 * Problem}s with the position of the offending key or value, and binding carries on so that every
 * problem of a file is found in one pass.
 *
 * <p>Component types understood: {@code String}, {@code int}/{@code Integer}, {@code long}/{@code
 * Long}, {@code double}/{@code Double}, {@code boolean}/{@code Boolean}, enums (written in
 * lower-case kebab form), {@link Path}, {@code List<T>}, {@code Map<String, T>}, nested records,
 * {@link Configured} plugin blocks, and any class with a static {@code parse(String)} method. A
 * missing key binds to {@code null} (the record's constructor supplies the default) or, for a
 * primitive component, is reported as required.
 */
public final class SettingsBinder {

  private static final Object INVALID = new Object();

  private final TypeCatalog catalog;

  public SettingsBinder(TypeCatalog catalog) {
    this.catalog = catalog;
  }

  /** Binds a mapping to a record; returns null when there were problems. */
  public <R extends Record> R bind(Node node, Class<R> type, String path, Problems problems) {
    if (node == null) {
      return bind(new MapNode(new Position("<defaults>", 0, 0)), type, path, problems);
    }
    if (!(node instanceof MapNode map)) {
      problems.add(node.position(), path, "must be a mapping of keys to values");
      return null;
    }
    return bindKeys(map, type, path, true, problems);
  }

  /**
   * Binds a plugin block: {@code type} selects the registered type of {@code kind}; the other keys
   * go to {@code engineKeys} or to the type's settings record. A scalar is shorthand for a block
   * with only {@code type}.
   */
  public <E extends Record, T> Configured<E, T> bindPlugin(
      Node node, String path, Kind<T> kind, Class<E> engineKeys, Problems problems) {
    MapNode map;
    if (node instanceof ScalarNode s && !s.isNull()) {
      map = new MapNode(s.position());
      map.put("type", s.position(), s);
    } else if (node instanceof MapNode m) {
      map = m;
    } else {
      problems.add(
          node == null ? new Position("<defaults>", 0, 0) : node.position(),
          path,
          "must be a mapping with a type, e.g. {type: " + firstName(kind) + "}");
      return null;
    }
    Node typeNode = map.get("type");
    Set<String> engineNames = Keys.of(engineKeys);
    if (!(typeNode instanceof ScalarNode ts) || ts.isNull()) {
      problems.add(
          map.position(),
          Keys.join(path, "type"),
          "is required; known " + kind.name() + " types: " + known(kind));
      bindKeys(map, engineKeys, path, false, problems);
      return null;
    }
    Optional<PluginType<?, T>> found = catalog.find(kind, ts.text());
    if (found.isEmpty()) {
      problems.add(
          ts.position(),
          Keys.join(path, "type"),
          "unknown "
              + kind.name()
              + " type '"
              + ts.text()
              + "'"
              + Suggest.didYouMean(ts.text(), catalog.names(kind))
              + "; known: "
              + known(kind));
      bindKeys(map, engineKeys, path, false, problems);
      return null;
    }
    PluginType<?, T> type = found.get();
    // no type declares a key of engineNames: plugins are checked for that when they load
    Set<String> typeKeys = Keys.of(type.settings());
    typeKeys.add("type");
    Set<String> all = new LinkedHashSet<>(engineNames);
    all.addAll(typeKeys);
    reportUnknown(map, all, path, problems, " for " + kind.name() + " type '" + type.name() + "'");
    E engine = bindKeys(map, engineKeys, path, false, problems);
    Record settings = bindKeys(map, type.settings(), path, false, problems);
    if (engine == null || settings == null) {
      return null;
    }
    Map<String, Position> positions = new LinkedHashMap<>();
    map.entries().forEach((k, e) -> positions.put(k, e.value().position()));
    return new Configured<>(engine, type, settings, path, map.position(), positions);
  }

  private String known(Kind<?> kind) {
    return String.join(", ", catalog.names(kind));
  }

  private String firstName(Kind<?> kind) {
    return catalog.names(kind).stream().findFirst().orElse("...");
  }

  /**
   * Binds the keys of {@code map} that {@code type} declares; reports the others as unknown when
   * {@code checkUnknown} (a plugin block's keys are shared by two records and checked together).
   */
  private <R extends Record> R bindKeys(
      MapNode map, Class<R> type, String path, boolean checkUnknown, Problems problems) {
    RecordComponent[] components = type.getRecordComponents();
    Map<String, RecordComponent> byKey = new LinkedHashMap<>();
    for (RecordComponent c : components) {
      byKey.put(Keys.kebab(c.getName()), c);
    }
    if (checkUnknown) {
      reportUnknown(map, byKey.keySet(), path, problems, "");
    }
    int before = problems.size();
    Object[] args = new Object[components.length];
    for (int n = 0; n < components.length; n++) {
      RecordComponent c = components[n];
      String key = Keys.kebab(c.getName());
      Node value = map.get(key);
      String keyPath = Keys.join(path, key);
      if (value == null || (value instanceof ScalarNode s && s.isNull())) {
        if (c.getType().isPrimitive()) {
          problems.add(map.position(), keyPath, "is required");
          args[n] = INVALID;
        } else {
          args[n] = null;
        }
        continue;
      }
      args[n] = convert(value, c.getGenericType(), keyPath, problems);
    }
    if (problems.size() > before || Arrays.asList(args).contains(INVALID)) {
      return null;
    }
    return construct(type, args, map, path, problems);
  }

  private void reportUnknown(
      MapNode map, Set<String> known, String path, Problems problems, String context) {
    for (Map.Entry<String, MapNode.Entry> e : map.entries().entrySet()) {
      if (!known.contains(e.getKey())) {
        String expected =
            known.isEmpty() ? "it takes no keys" : "known keys: " + String.join(", ", known);
        problems.add(
            e.getValue().keyPosition(),
            Keys.join(path, e.getKey()),
            "unknown key" + context + Suggest.didYouMean(e.getKey(), known) + "; " + expected);
      }
    }
  }

  private <R extends Record> R construct(
      Class<R> type, Object[] args, MapNode map, String path, Problems problems) {
    try {
      Class<?>[] types =
          Arrays.stream(type.getRecordComponents())
              .map(RecordComponent::getType)
              .toArray(Class<?>[]::new);
      Constructor<R> ctor = type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidSetting invalid) {
        String key = invalid.key();
        Node at = key.isEmpty() ? null : map.get(key);
        Position pos = at != null ? at.position() : map.position();
        problems.add(pos, key.isEmpty() ? path : Keys.join(path, key), invalid.getMessage());
      } else if (cause instanceof IllegalArgumentException iae) {
        problems.add(map.position(), path, iae.getMessage());
      } else {
        throw new IllegalStateException("settings record " + type.getName() + " failed", cause);
      }
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct settings record " + type.getName(), e);
    }
  }

  private Object convert(Node node, Type target, String path, Problems problems) {
    Class<?> raw = rawClass(target);
    if (raw == Configured.class) {
      return convertPlugin(node, target, path, problems);
    }
    if (raw == List.class) {
      if (!(node instanceof ListNode list)) {
        problems.add(node.position(), path, "must be a list, e.g. [a, b]");
        return INVALID;
      }
      Type element = typeArgument(target, 0);
      List<Object> out = new ArrayList<>();
      boolean ok = true;
      for (int n = 0; n < list.items().size(); n++) {
        Object v = convert(list.items().get(n), element, path + "[" + n + "]", problems);
        ok &= v != INVALID;
        out.add(v);
      }
      return ok ? List.copyOf(out) : INVALID;
    }
    if (raw == Map.class) {
      if (!(node instanceof MapNode map)) {
        problems.add(node.position(), path, "must be a mapping");
        return INVALID;
      }
      Type value = typeArgument(target, 1);
      Map<String, Object> out = new LinkedHashMap<>();
      boolean ok = true;
      for (Map.Entry<String, MapNode.Entry> e : map.entries().entrySet()) {
        Object v = convert(e.getValue().value(), value, Keys.join(path, e.getKey()), problems);
        ok &= v != INVALID;
        out.put(e.getKey(), v);
      }
      return ok ? java.util.Collections.unmodifiableMap(out) : INVALID;
    }
    if (raw.isRecord() && findParse(raw).isEmpty()) {
      Object r = bind(node, raw.asSubclass(Record.class), path, problems);
      return r == null ? INVALID : r;
    }
    if (!(node instanceof ScalarNode s)) {
      problems.add(
          node.position(),
          path,
          "must be a single value, not a " + (node instanceof ListNode ? "list" : "mapping"));
      return INVALID;
    }
    Object v = convertScalar(s.text(), raw);
    if (v instanceof Failure f) {
      problems.add(s.position(), path, f.message());
      return INVALID;
    }
    return v;
  }

  private Object convertPlugin(Node node, Type target, String path, Problems problems) {
    Class<?> implementation = rawClass(typeArgument(target, 1));
    Class<?> engine = rawClass(typeArgument(target, 0));
    Kind<?> kind =
        catalog
            .kindOf(implementation)
            .orElseThrow(
                () ->
                    new IllegalStateException("no kind has implementations of " + implementation));
    Object c = bindPlugin(node, path, kind, engine.asSubclass(Record.class), problems);
    return c == null ? INVALID : c;
  }

  private record Failure(String message) {}

  /** Converts text to the target type, or returns a {@link Failure}. */
  private static Object convertScalar(String text, Class<?> target) {
    String t = text.trim();
    try {
      if (target == String.class || target == Object.class) {
        return text;
      }
      if (target == int.class || target == Integer.class) {
        long v = parseWhole(t);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          return new Failure("is out of range, got " + t);
        }
        return (int) v;
      }
      if (target == long.class || target == Long.class) {
        return parseWhole(t);
      }
      if (target == double.class || target == Double.class) {
        double v = Double.parseDouble(t.replace("_", ""));
        if (Double.isNaN(v) || Double.isInfinite(v)) {
          return new Failure("must be a finite number, got " + t);
        }
        return v;
      }
      if (target == boolean.class || target == Boolean.class) {
        if (t.equals("true")) {
          return true;
        }
        if (t.equals("false")) {
          return false;
        }
        return new Failure("must be true or false, got '" + t + "'");
      }
      if (target == Path.class) {
        return Path.of(t);
      }
      if (target.isEnum()) {
        for (Object constant : target.getEnumConstants()) {
          if (Keys.enumKey((Enum<?>) constant).equals(t)) {
            return constant;
          }
        }
        List<String> names =
            Arrays.stream(target.getEnumConstants()).map(c -> Keys.enumKey((Enum<?>) c)).toList();
        return new Failure(
            "must be one of "
                + String.join(", ", names)
                + ", got '"
                + t
                + "'"
                + Suggest.didYouMean(t, names));
      }
      Optional<Method> parse = findParse(target);
      if (parse.isPresent()) {
        try {
          return parse.get().invoke(null, t);
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof IllegalArgumentException iae) {
            return new Failure(iae.getMessage());
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } catch (NumberFormatException e) {
      String kind =
          (target == double.class || target == Double.class) ? "a number" : "a whole number";
      return new Failure("must be " + kind + ", got '" + t + "'");
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("settings of type " + target.getName() + " are not supported");
  }

  private static long parseWhole(String t) {
    String digits = t.replace("_", "");
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      // 1e6 and 60000.0 are whole numbers written as floats
      double d = Double.parseDouble(digits);
      if (d != Math.rint(d) || Math.abs(d) > 9e15) {
        throw new NumberFormatException(t);
      }
      return (long) d;
    }
  }

  private static Optional<Method> findParse(Class<?> type) {
    try {
      Method m = type.getMethod("parse", String.class);
      if (Modifier.isStatic(m.getModifiers()) && type.isAssignableFrom(m.getReturnType())) {
        return Optional.of(m);
      }
    } catch (NoSuchMethodException e) {
      // not a parseable type
    }
    return Optional.empty();
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof java.lang.reflect.WildcardType w) {
      return rawClass(w.getUpperBounds()[0]);
    }
    throw new IllegalStateException("unsupported settings type " + type);
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[index];
    }
    return Object.class;
  }
}

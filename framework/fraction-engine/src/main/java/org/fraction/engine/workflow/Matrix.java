package org.fraction.engine.workflow;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fraction.engine.workflow.Node.ListNode;
import org.fraction.engine.workflow.Node.MapNode;

/**
 * Expands {@code matrix:} (dotted keys to lists of values) into one tree per combination, in the
 * order the keys and values are written; the last key varies fastest.
 */
public final class Matrix {

  /** One combination: the tree to bind and the values chosen, by dotted key. */
  public record Cell(MapNode tree, Map<String, Node> choices) {}

  private Matrix() {}

  /** The most trials a matrix may make unless the caller allows more. */
  public static final int DEFAULT_MAX_TRIALS = 10_000;

  /**
   * Refuses (before building any cell) a matrix of more than {@code maxTrials} combinations: a
   * mistyped matrix would otherwise fill the memory.
   */
  public static List<Cell> expand(MapNode root, long maxTrials, Problems problems) {
    MapNode base = root.copy();
    Node matrix = base.remove("matrix");
    List<Cell> cells = new ArrayList<>();
    if (matrix == null || (matrix instanceof Node.ScalarNode s && s.isNull())) {
      cells.add(new Cell(base, Map.of()));
      return cells;
    }
    if (!(matrix instanceof MapNode axes)) {
      problems.add(
          matrix.position(),
          "matrix",
          "must map dotted keys to lists, e.g. model.algebra: [real, quaternion]");
      cells.add(new Cell(base, Map.of()));
      return cells;
    }
    List<String> keys = new ArrayList<>();
    List<List<Node>> values = new ArrayList<>();
    axes.entries()
        .forEach(
            (key, entry) -> {
              if (key.equals("matrix") || key.startsWith("matrix.") || key.equals("name")) {
                problems.add(
                    entry.keyPosition(), "matrix." + key, "cannot be varied by the matrix");
              } else if (entry.value() instanceof ListNode list && !list.items().isEmpty()) {
                keys.add(key);
                values.add(list.items());
              } else {
                problems.add(
                    entry.value().position(),
                    "matrix." + key,
                    "must be a non-empty list of values");
              }
            });
    BigInteger combinations = BigInteger.ONE;
    for (List<Node> axis : values) {
      combinations = combinations.multiply(BigInteger.valueOf(axis.size()));
    }
    if (combinations.compareTo(BigInteger.valueOf(maxTrials)) > 0) {
      problems.add(
          root.keyPosition("matrix"),
          "matrix",
          String.format(
              Locale.ROOT,
              "makes %,d trials, more than the limit of %,d; allow more with --max-trials N",
              combinations,
              maxTrials));
      cells.add(new Cell(base, Map.of()));
      return cells;
    }
    expand(base, keys, values, 0, new LinkedHashMap<>(), cells, problems);
    return cells;
  }

  private static void expand(
      MapNode base,
      List<String> keys,
      List<List<Node>> values,
      int axis,
      LinkedHashMap<String, Node> chosen,
      List<Cell> out,
      Problems problems) {
    if (axis == keys.size()) {
      MapNode tree = base.copy();
      Problems local = new Problems();
      chosen.forEach((k, v) -> Trees.set(tree, k, v.copy(), v.position(), local));
      problems.addAll(local);
      out.add(new Cell(tree, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(chosen))));
      return;
    }
    for (Node v : values.get(axis)) {
      chosen.put(keys.get(axis), v);
      expand(base, keys, values, axis + 1, chosen, out, problems);
      chosen.remove(keys.get(axis));
    }
  }
}

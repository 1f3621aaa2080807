package org.fraction.engine.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Writes result rows as an aligned table, CSV (columns of the contract first) or JSON. */
public enum ResultsFormat {
  TABLE,
  CSV,
  JSON;

  public static final List<String> COLUMNS =
      List.of(
          "trial",
          "control",
          "algebra",
          "round",
          "density",
          "density_vs_real",
          "params_remaining",
          "test_accuracy",
          "best_test_accuracy",
          "model",
          "dataset",
          "seed",
          "test_loss",
          "train_loss",
          "epochs",
          "seconds",
          "pruning",
          "method",
          "mask_source",
          "collapsed_layers",
          "error_barrier");

  /**
   * Where the matrix columns go in the CSV and JSON: after the contract's leading columns (trial to
   * best_test_accuracy), which scripts may read by position.
   */
  private static final int MATRIX_AT = COLUMNS.indexOf("model");

  /** Where they go in the table, which people read: right after the columns naming a round. */
  private static final int TABLE_MATRIX_AT = COLUMNS.indexOf("density");

  /**
   * The matrix keys of the rows' trials in the order first met: the columns that tell the trials
   * apart. A key that is a column already ({@code seed}) is shown there only.
   */
  public static List<String> matrixKeys(List<ResultRow> rows) {
    Set<String> keys = new LinkedHashSet<>();
    rows.forEach(r -> keys.addAll(r.matrix().keySet()));
    keys.removeAll(COLUMNS);
    return List.copyOf(keys);
  }

  /** {@code columns} with the matrix keys inserted at {@code at}. */
  private static <T> List<T> withMatrix(List<T> columns, List<T> matrix, int at) {
    List<T> out = new ArrayList<>(columns.subList(0, at));
    out.addAll(matrix);
    out.addAll(columns.subList(at, columns.size()));
    return out;
  }

  private static List<String> matrixCells(ResultRow r, List<String> keys) {
    return keys.stream().map(k -> r.matrix().getOrDefault(k, "")).toList();
  }

  public static ResultsFormat parse(String text) {
    for (ResultsFormat f : values()) {
      if (f.name().equalsIgnoreCase(text)) {
        return f;
      }
    }
    throw new IllegalArgumentException("--format must be table, csv or json, got '" + text + "'");
  }

  public String render(List<ResultRow> rows) {
    return switch (this) {
      case CSV -> csv(rows);
      case JSON -> json(rows);
      case TABLE -> table(rows);
    };
  }

  /** Columns of the per-layer view ({@code results --layers}). */
  public static final List<String> LAYER_COLUMNS =
      List.of(
          "trial",
          "control",
          "algebra",
          "round",
          "layer",
          "weights",
          "remaining",
          "density",
          "collapsed");

  /** Per-layer densities in this format. */
  public String renderLayers(List<LayerRow> rows) {
    List<List<String>> cells = new ArrayList<>();
    for (LayerRow r : rows) {
      cells.add(
          List.of(
              r.trial(),
              r.control(),
              r.algebra(),
              Integer.toString(r.round()),
              r.layer(),
              Long.toString(r.weights()),
              Long.toString(r.remaining()),
              fixed(r.density(), 6),
              r.collapsed() ? "yes" : ""));
    }
    return switch (this) {
      case CSV -> csv(LAYER_COLUMNS, cells);
      case TABLE -> aligned(LAYER_COLUMNS, cells, java.util.Set.of(3, 5, 6, 7));
      case JSON -> {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LayerRow r : rows) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("trial", r.trial());
          m.put("control", r.control());
          m.put("algebra", r.algebra());
          m.put("round", r.round());
          m.put("layer", r.layer());
          m.put("weights", r.weights());
          m.put("remaining", r.remaining());
          m.put("density", r.density());
          m.put("collapsed", r.collapsed());
          out.add(m);
        }
        yield jsonOf(out);
      }
    };
  }

  static String csv(List<String> header, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
    for (List<String> row : rows) {
      sb.append(
              String.join(
                  ",",
                  row.stream()
                      .map(
                          c ->
                              c.contains(",") || c.contains("\"")
                                  ? "\"" + c.replace("\"", "\"\"") + "\""
                                  : c)
                      .toList()))
          .append('\n');
    }
    return sb.toString();
  }

  static String aligned(
      List<String> header, List<List<String>> rows, java.util.Set<Integer> numeric) {
    List<List<String>> lines = new ArrayList<>();
    lines.add(header);
    for (List<String> r : rows) {
      lines.add(r.stream().map(c -> c.isEmpty() ? "-" : c).toList());
    }
    int[] width = new int[header.size()];
    for (List<String> l : lines) {
      for (int i = 0; i < l.size(); i++) {
        width[i] = Math.max(width[i], l.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> l : lines) {
      for (int i = 0; i < l.size(); i++) {
        String pad = " ".repeat(width[i] - l.get(i).length());
        sb.append(numeric.contains(i) ? pad + l.get(i) : l.get(i) + pad)
            .append(i < l.size() - 1 ? "  " : "");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String jsonOf(Object value) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The row's values as text, in {@link #COLUMNS} order; the same text in every format. */
  public static List<String> cells(ResultRow r) {
    return List.of(
        r.trial(),
        r.control(),
        r.algebra(),
        Integer.toString(r.round()),
        fixed(r.density(), 6),
        fixed(r.densityVsReal(), 6),
        Long.toString(r.paramsRemaining()),
        fixed(r.testAccuracy(), 4),
        fixed(r.bestTestAccuracy(), 4),
        r.model(),
        r.dataset(),
        Long.toString(r.seed()),
        fixed(r.testLoss(), 4),
        fixed(r.trainLoss(), 4),
        Long.toString(r.epochs()),
        fixed(r.seconds(), 1),
        r.pruning(),
        r.method(),
        r.maskSource(),
        r.collapsedLayers() == null ? "" : Long.toString(r.collapsedLayers()),
        Double.isNaN(r.errorBarrier()) ? "" : fixed(r.errorBarrier(), 4));
  }

  static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String csv(List<ResultRow> rows) {
    List<String> keys = matrixKeys(rows);
    return csv(
        withMatrix(COLUMNS, keys, MATRIX_AT),
        rows.stream().map(r -> withMatrix(cells(r), matrixCells(r, keys), MATRIX_AT)).toList());
  }

  private static String json(List<ResultRow> rows) {
    List<String> keys = matrixKeys(rows);
    List<Map<String, Object>> out = new ArrayList<>();
    for (ResultRow r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("trial", r.trial());
      m.put("control", r.control());
      m.put("algebra", r.algebra());
      m.put("round", r.round());
      m.put("density", r.density());
      m.put("density_vs_real", r.densityVsReal());
      m.put("params_remaining", r.paramsRemaining());
      m.put("test_accuracy", r.testAccuracy());
      m.put("best_test_accuracy", r.bestTestAccuracy());
      keys.forEach(k -> m.put(k, r.matrix().get(k)));
      m.put("model", r.model());
      m.put("dataset", r.dataset());
      m.put("seed", r.seed());
      m.put("test_loss", r.testLoss());
      m.put("train_loss", r.trainLoss());
      m.put("epochs", r.epochs());
      m.put("seconds", r.seconds());
      m.put("pruning", r.pruning());
      m.put("method", r.method());
      m.put("mask_source", r.maskSource());
      m.put("collapsed_layers", r.collapsedLayers());
      m.put("error_barrier", Double.isNaN(r.errorBarrier()) ? null : r.errorBarrier());
      out.add(m);
    }
    return jsonOf(out);
  }

  private static String table(List<ResultRow> rows) {
    List<String> keys = matrixKeys(rows);
    List<String> header =
        withMatrix(
            List.of(
                "trial",
                "control",
                "algebra",
                "round",
                "density",
                "vs real",
                "params",
                "test acc",
                "best acc",
                "model",
                "dataset",
                "seed",
                "pruning",
                "method",
                "masks"),
            keys,
            TABLE_MATRIX_AT);
    boolean barriers = rows.stream().anyMatch(r -> !Double.isNaN(r.errorBarrier()));
    if (barriers) {
      header.add("barrier");
    }
    List<List<String>> cells =
        rows.stream()
            .map(
                r -> {
                  List<String> all = cells(r);
                  List<String> shown =
                      withMatrix(all.subList(0, 12), matrixCells(r, keys), TABLE_MATRIX_AT);
                  shown.add(all.get(COLUMNS.indexOf("pruning")));
                  shown.add(all.get(COLUMNS.indexOf("method")));
                  shown.add(all.get(COLUMNS.indexOf("mask_source")));
                  if (barriers) {
                    shown.add(all.get(COLUMNS.indexOf("error_barrier")));
                  }
                  return shown;
                })
            .toList();
    Set<Integer> numeric = new HashSet<>();
    for (int column : List.of(3, 4, 5, 6, 7, 8, 11, 13)) {
      numeric.add(column < MATRIX_AT ? column : column + keys.size());
    }
    return aligned(header, cells, numeric);
  }
}

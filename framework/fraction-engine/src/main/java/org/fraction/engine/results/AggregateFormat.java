package org.fraction.engine.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code results --aggregate} in each {@link ResultsFormat}: per seed group, control and round the
 * mean, sample standard deviation (n − 1), minimum and maximum of each quantity and the number of
 * seeds. The standard deviation of a group of one is empty (CSV), "-" (table) or null (JSON).
 */
public final class AggregateFormat {

  /** The quantities aggregated, by column prefix. */
  public static final List<String> QUANTITIES =
      List.of("density", "density_vs_real", "test_accuracy", "best_test_accuracy", "test_loss");

  private AggregateFormat() {}

  public static List<String> columns() {
    List<String> out =
        new ArrayList<>(
            List.of(
                "group", "control", "algebra", "model", "dataset", "round", "n", "seeds",
                "trials"));
    for (String q : QUANTITIES) {
      for (String s : List.of("mean", "std", "min", "max")) {
        out.add(q + "_" + s);
      }
    }
    return out;
  }

  public static String render(ResultsFormat format, List<AggregateRow> rows) {
    return switch (format) {
      case CSV -> ResultsFormat.csv(columns(), rows.stream().map(AggregateFormat::cells).toList());
      case JSON -> ResultsFormat.jsonOf(rows.stream().map(AggregateFormat::json).toList());
      case TABLE -> table(rows);
    };
  }

  private static List<Spread> spreads(AggregateRow r) {
    return List.of(
        r.density(), r.densityVsReal(), r.testAccuracy(), r.bestTestAccuracy(), r.testLoss());
  }

  private static List<String> cells(AggregateRow r) {
    List<String> out =
        new ArrayList<>(
            List.of(
                r.group(),
                r.control(),
                r.algebra(),
                r.model(),
                r.dataset(),
                Integer.toString(r.round()),
                Integer.toString(r.n()),
                String.join(" ", r.seeds().stream().map(String::valueOf).toList()),
                String.join(" ", r.trials())));
    for (Spread s : spreads(r)) {
      out.add(ResultsFormat.fixed(s.mean(), 6));
      out.add(s.n() > 1 ? ResultsFormat.fixed(s.std(), 6) : "");
      out.add(ResultsFormat.fixed(s.min(), 6));
      out.add(ResultsFormat.fixed(s.max(), 6));
    }
    return out;
  }

  private static Map<String, Object> json(AggregateRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("group", r.group());
    m.put("control", r.control());
    m.put("algebra", r.algebra());
    m.put("model", r.model());
    m.put("dataset", r.dataset());
    m.put("round", r.round());
    m.put("n", r.n());
    m.put("seeds", r.seeds());
    m.put("trials", r.trials());
    List<Spread> spreads = spreads(r);
    for (int i = 0; i < QUANTITIES.size(); i++) {
      Spread s = spreads.get(i);
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("mean", s.mean());
      q.put("std", s.n() > 1 ? s.std() : null);
      q.put("min", s.min());
      q.put("max", s.max());
      m.put(QUANTITIES.get(i), q);
    }
    return m;
  }

  private static String table(List<AggregateRow> rows) {
    List<String> header =
        List.of(
            "group",
            "control",
            "algebra",
            "round",
            "n",
            "density",
            "vs real",
            "test acc",
            "± std",
            "min",
            "max",
            "best acc",
            "± std");
    List<List<String>> cells = new ArrayList<>();
    for (AggregateRow r : rows) {
      cells.add(
          List.of(
              r.group(),
              r.control(),
              r.algebra(),
              Integer.toString(r.round()),
              Integer.toString(r.n()),
              ResultsFormat.fixed(r.density().mean(), 6),
              ResultsFormat.fixed(r.densityVsReal().mean(), 6),
              ResultsFormat.fixed(r.testAccuracy().mean(), 4),
              std(r.testAccuracy()),
              ResultsFormat.fixed(r.testAccuracy().min(), 4),
              ResultsFormat.fixed(r.testAccuracy().max(), 4),
              ResultsFormat.fixed(r.bestTestAccuracy().mean(), 4),
              std(r.bestTestAccuracy())));
    }
    return ResultsFormat.aligned(header, cells, Set.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
        + "mean over the seeds of each group (trials that differ only in seed); std is the sample"
        + " standard deviation (n - 1), '-' for a group of one\n";
  }

  private static String std(Spread s) {
    return s.n() > 1 ? ResultsFormat.fixed(s.std(), 4) : "";
  }
}

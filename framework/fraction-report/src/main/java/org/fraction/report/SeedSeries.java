package org.fraction.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraction.engine.results.AggregateRow;

/**
 * The rounds of one seed group's ticket or control, aggregated over its seeds: one line with a band
 * in the seed figure.
 */
record SeedSeries(
    String group, String control, String algebra, String model, List<AggregateRow> rounds) {

  SeedSeries {
    rounds = List.copyOf(rounds);
  }

  /** The most seeds any round has. */
  int seeds() {
    return rounds.stream().mapToInt(AggregateRow::n).max().orElse(0);
  }

  boolean isTicket() {
    return control.isEmpty();
  }

  String label() {
    int n = seeds();
    return algebra
        + " "
        + model
        + " ["
        + group
        + "]"
        + (control.isEmpty() ? "" : ", " + control)
        + (n == 1 ? ", 1 seed (no band)" : ", " + n + " seeds");
  }

  static List<SeedSeries> of(List<AggregateRow> rows) {
    Map<List<String>, List<AggregateRow>> byKey = new LinkedHashMap<>();
    for (AggregateRow r : rows) {
      byKey.computeIfAbsent(List.of(r.group(), r.control()), k -> new ArrayList<>()).add(r);
    }
    List<SeedSeries> out = new ArrayList<>();
    byKey.forEach(
        (k, v) ->
            out.add(new SeedSeries(k.get(0), k.get(1), v.get(0).algebra(), v.get(0).model(), v)));
    out.sort(
        java.util.Comparator.comparingInt(
            (SeedSeries s) ->
                switch (s.algebra()) {
                  case "real" -> 0;
                  case "quaternion" -> 1;
                  default -> 2;
                }));
    return out;
  }
}

package org.fraction.engine.results;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/** Results aggregated over seeds: one row per seed group, control and round. */
public final class SeedAggregation {

  private SeedAggregation() {}

  /**
   * The aggregated rows of a run directory; damaged round files are left out and named to {@code
   * warnings}.
   */
  public static List<AggregateRow> read(Path runDir, Consumer<String> warnings) throws IOException {
    return of(RunResults.read(runDir, warnings), SeedGroups.of(runDir));
  }

  /**
   * @param rows the rows of {@code fraction results}
   * @param groupOfTrial each trial's group id; a trial missing here forms a group of its own
   */
  public static List<AggregateRow> of(List<ResultRow> rows, Map<String, String> groupOfTrial) {
    Map<List<Object>, List<ResultRow>> cells = new LinkedHashMap<>();
    List<ResultRow> sorted = new ArrayList<>(rows);
    sorted.sort(
        java.util.Comparator.comparing(
                (ResultRow r) -> groupOfTrial.getOrDefault(r.trial(), r.trial()))
            .thenComparing(ResultRow::control)
            .thenComparingInt(ResultRow::round)
            .thenComparingLong(ResultRow::seed)
            .thenComparing(ResultRow::trial));
    for (ResultRow r : sorted) {
      String group = groupOfTrial.getOrDefault(r.trial(), r.trial());
      cells.computeIfAbsent(List.of(group, r.control(), r.round()), k -> new ArrayList<>()).add(r);
    }
    List<AggregateRow> out = new ArrayList<>();
    for (Map.Entry<List<Object>, List<ResultRow>> e : cells.entrySet()) {
      List<ResultRow> cell = e.getValue();
      ResultRow first = cell.get(0);
      out.add(
          new AggregateRow(
              (String) e.getKey().get(0),
              first.control(),
              first.algebra(),
              first.model(),
              first.dataset(),
              first.round(),
              cell.stream().map(ResultRow::trial).toList(),
              cell.stream().map(ResultRow::seed).toList(),
              spread(cell, ResultRow::density),
              spread(cell, ResultRow::densityVsReal),
              spread(cell, ResultRow::testAccuracy),
              spread(cell, ResultRow::bestTestAccuracy),
              spread(cell, ResultRow::testLoss)));
    }
    return out;
  }

  private static Spread spread(List<ResultRow> rows, ToDoubleFunction<ResultRow> value) {
    return Spread.of(rows.stream().map(r -> value.applyAsDouble(r)).toList());
  }
}

package org.fraction.engine.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatrixColumnsTest {

  static ResultRow row(String trial, String control, int round, Map<String, String> matrix) {
    return new ResultRow(
        trial,
        control,
        "real",
        round,
        0.5,
        0.5,
        10,
        0.9,
        0.91,
        "lenet-300-100",
        "mnist",
        7,
        0.3,
        0.2,
        2,
        1.5,
        "global-magnitude",
        "weight-rewind",
        "trained",
        0L,
        Path.of(trial, "round-" + round + ".h5"),
        Double.NaN,
        matrix);
  }

  static Map<String, String> matrix(String... keysAndValues) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }

  static List<List<String>> csv(String text) {
    return text.lines().map(l -> List.of(l.split(",", -1))).toList();
  }

  static final List<ResultRow> ROWS =
      List.of(
          row("aaa", "", 0, matrix("model.algebra", "real", "pruning.keep", "0.5", "seed", "7")),
          row("aaa", "random-reinit", 1, matrix("model.algebra", "real", "pruning.keep", "0.5")),
          row("bbb", "", 0, matrix("model.algebra", "quaternion", "pruning.keep", "0.7")),
          row("old", "", 0, Map.of()));

  @Test
  void csvShowsEachMatrixKeyAsAColumnAfterTheContractsLeadingColumns() {
    List<List<String>> lines = csv(ResultsFormat.CSV.render(ROWS));
    List<String> header = lines.get(0);
    int algebra = header.indexOf("model.algebra");
    int keep = header.indexOf("pruning.keep");
    // the documented prefix trial..best_test_accuracy stays where scripts read it
    assertThat(header.subList(0, 9)).isEqualTo(ResultsFormat.COLUMNS.subList(0, 9));
    assertThat(algebra).isEqualTo(header.indexOf("best_test_accuracy") + 1);
    assertThat(keep).isEqualTo(algebra + 1).isLessThan(header.indexOf("model"));
    assertThat(header).hasSize(ResultsFormat.COLUMNS.size() + 2);
    assertThat(header.stream().filter("seed"::equals)).hasSize(1);

    assertThat(lines.subList(1, 5))
        .extracting(l -> l.get(header.indexOf("trial")), l -> l.get(algebra), l -> l.get(keep))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("aaa", "real", "0.5"),
            org.assertj.core.groups.Tuple.tuple("aaa", "real", "0.5"),
            org.assertj.core.groups.Tuple.tuple("bbb", "quaternion", "0.7"),
            org.assertj.core.groups.Tuple.tuple("old", "", ""));
    assertThat(lines.get(1).get(header.indexOf("density"))).isEqualTo("0.500000");
    assertThat(lines.get(1).get(header.indexOf("seed"))).isEqualTo("7");
  }

  @Test
  void rowsWithoutAMatrixGetNoExtraColumns() {
    List<ResultRow> rows = List.of(row("aaa", "", 0, Map.of()), row("aaa", "", 1, Map.of()));
    assertThat(csv(ResultsFormat.CSV.render(rows)).get(0)).isEqualTo(ResultsFormat.COLUMNS);
    assertThat(ResultsFormat.TABLE.render(rows).lines().findFirst().orElseThrow())
        .doesNotContain(".");
  }

  @Test
  void tableShowsTheKeysBeforeTheMetricsAndADashForOldRuns() {
    List<String> lines = ResultsFormat.TABLE.render(ROWS).lines().toList();
    List<String> header = List.of(lines.get(0).trim().split(" +"));
    assertThat(header.subList(0, 7))
        .containsExactly(
            "trial", "control", "algebra", "round", "model.algebra", "pruning.keep", "density");
    assertThat(List.of(lines.get(3).trim().split(" +")).subList(0, 6))
        .containsExactly("bbb", "-", "real", "0", "quaternion", "0.7");
    assertThat(List.of(lines.get(4).trim().split(" +")).subList(0, 7))
        .containsExactly("old", "-", "real", "0", "-", "-", "0.500000");
  }
}

package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.fraction.engine.results.ResultsFormat;
import org.fraction.engine.store.MatrixChoices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code results} shows the matrix keys that tell a workflow's trials apart, by name. */
class MatrixColumnsCommandTest {

  static final String WORKFLOW =
      """
name: %s
seed: 3
dataset: {type: synthetic, height: 8, width: 8, classes: 4, train: 128, test: 64}
model: {type: twin-mlp, hidden: 16, algebra: real}
training: {epochs: 1, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
pruning: {type: smallest-first, keep: 0.5, rounds: 1, rewind: init}
""";

  @TempDir static Path dir;
  static Path runs;

  @BeforeAll
  static void runAMatrixAndAPlainWorkflow() throws Exception {
    runs = dir.resolve("runs");
    Path matrix = dir.resolve("matrix.yaml");
    Files.writeString(
        matrix,
        WORKFLOW.formatted("grid")
            + "matrix:\n"
            + "  model.algebra: [real, quaternion]\n"
            + "  training.optimizer.lr: [0.05, 0.1]\n");
    CliRun grid = CliRun.of("run", matrix.toString(), "--out", runs.toString());
    assertThat(grid.code()).as(grid.out() + grid.err()).isZero();
    Path plain = dir.resolve("plain.yaml");
    Files.writeString(plain, WORKFLOW.formatted("plain"));
    CliRun single = CliRun.of("run", plain.toString(), "--out", runs.toString());
    assertThat(single.code()).as(single.out() + single.err()).isZero();
  }

  static List<List<String>> csv(Path runDir) {
    CliRun results = CliRun.of("results", runDir.toString(), "--format", "csv");
    assertThat(results.code()).as(results.err()).isZero();
    return results.out().lines().map(l -> List.of(l.split(",", -1))).toList();
  }

  @Test
  void everyRowCarriesTheMatrixValuesOfItsTrialAfterTheContractsColumns() throws Exception {
    List<List<String>> lines = csv(runs.resolve("grid"));
    List<String> header = lines.get(0);
    int algebraKey = header.indexOf("model.algebra");
    int lr = header.indexOf("training.optimizer.lr");
    assertThat(String.join(",", header))
        .startsWith(
            "trial,control,algebra,round,density,density_vs_real,params_remaining,test_accuracy,"
                + "best_test_accuracy,model.algebra,training.optimizer.lr,model,");
    assertThat(lr).isEqualTo(algebraKey + 1);

    List<List<String>> rows = lines.subList(1, lines.size());
    assertThat(rows).hasSize(4 * 2);
    Set<String> cells = new HashSet<>();
    for (List<String> row : rows) {
      assertThat(row.get(algebraKey)).isEqualTo(row.get(header.indexOf("algebra")));
      cells.add(row.get(algebraKey) + " " + row.get(lr));
    }
    assertThat(cells)
        .containsExactlyInAnyOrder("real 0.05", "real 0.1", "quaternion 0.05", "quaternion 0.1");

    String table = CliRun.of("results", runs.resolve("grid").toString()).out();
    assertThat(table.lines().findFirst().orElseThrow())
        .containsSubsequence("round", "model.algebra", "training.optimizer.lr", "density");
  }

  @Test
  void eachTrialStoresItsMatrixValues() throws Exception {
    List<Path> trials;
    try (Stream<Path> children = Files.list(runs.resolve("grid"))) {
      trials = children.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(trials).hasSize(4);
    for (Path trial : trials) {
      String stored = Files.readString(trial.resolve(MatrixChoices.FILE));
      assertThat(stored).contains("model.algebra").contains("training.optimizer.lr");
    }
    try (Stream<Path> children = Files.list(runs.resolve("plain"))) {
      assertThat(children.filter(p -> Files.exists(p.resolve(MatrixChoices.FILE)))).isEmpty();
    }
  }

  @Test
  void aRunWithoutAMatrixGetsNoExtraColumns() {
    assertThat(csv(runs.resolve("plain")).get(0)).isEqualTo(ResultsFormat.COLUMNS);
  }

  @Test
  void aTrialStoredWithoutItsMatrixValuesStillPrintsWithEmptyCells() throws Exception {
    Path copy = dir.resolve("old-runs").resolve("grid");
    Files.createDirectories(copy.getParent());
    try (Stream<Path> files = Files.walk(runs.resolve("grid"))) {
      for (Path f : files.toList()) {
        Path target = copy.resolve(runs.resolve("grid").relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    Path oldTrial;
    try (Stream<Path> children = Files.list(copy)) {
      oldTrial = children.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
    }
    Files.delete(oldTrial.resolve(MatrixChoices.FILE));

    List<List<String>> lines = csv(copy);
    List<String> header = lines.get(0);
    for (List<String> row : lines.subList(1, lines.size())) {
      boolean old = row.get(header.indexOf("trial")).equals(oldTrial.getFileName().toString());
      assertThat(row.get(header.indexOf("model.algebra")).isEmpty())
          .as(row.toString())
          .isEqualTo(old);
      assertThat(row.get(header.indexOf("training.optimizer.lr")).isEmpty()).isEqualTo(old);
    }
  }
}

package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retraining modes and gradual pruning through the command line: plan states each trial's method,
 * results carry it, the report compares the methods, and bad settings are exit 2 with their place.
 */
class MethodsReportTest {

  static final String WORKFLOW =
      """
name: methods
seed: 5
dataset: {type: synthetic, height: 8, width: 8, classes: 4, train: 256, test: 128}
model: {type: twin-mlp, hidden: 32}
training: {epochs: 2, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
pruning: {type: smallest-first, keep: 0.6, rounds: 2}
matrix:
  model.algebra: [real, quaternion]
  pruning:
    - {type: smallest-first, keep: 0.6, rounds: 2, retrain: weight-rewind}
    - {type: smallest-first, keep: 0.6, rounds: 2, retrain: lr-rewind}
    - {type: smallest-first, keep: 0.6, rounds: 2, retrain: fine-tune, fine-tune: {epochs: 1}}
    - {type: smallest-first, keep: 0.6, rounds: 2, schedule: gradual, gradual: {end: 1ep, every: 2it}}
""";

  @TempDir Path dir;

  @Test
  void everyMethodShowsInPlanResultsAndReport() throws IOException {
    Path workflow = dir.resolve("methods.yaml");
    Files.writeString(workflow, WORKFLOW);
    CliRun plan = CliRun.of("plan", workflow.toString());
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("retrain weight-rewind, rewind init")
        .contains("retrain lr-rewind")
        .contains("retrain fine-tune (trained weights, 1 epochs at the schedule's final rate)")
        .contains("gradual: each round from the initial weights, pruned every 2it from 0it to 1ep");

    CliRun run = CliRun.of("run", workflow.toString(), "--out", dir.resolve("runs").toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    Path runDir = dir.resolve("runs").resolve("methods");

    CliRun csv = CliRun.of("results", runDir.toString(), "--format", "csv");
    List<String> lines = csv.out().lines().toList();
    List<String> header = List.of(lines.get(0).split(","));
    int method = header.indexOf("method");
    assertThat(method).isPositive();
    Map<String, Long> rowsPerMethod =
        lines.stream()
            .skip(1)
            .map(l -> l.split(",", -1)[method])
            .collect(Collectors.groupingBy(m -> m, Collectors.counting()));
    // two algebras, rounds 0..2 each
    assertThat(rowsPerMethod)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("weight-rewind", 6L, "lr-rewind", 6L, "fine-tune", 6L, "gradual", 6L));
    int epochs = header.indexOf("epochs");
    for (String l : lines.subList(1, lines.size())) {
      String[] c = l.split(",", -1);
      boolean pruned = !c[header.indexOf("round")].equals("0");
      assertThat(c[epochs]).as(l).isEqualTo(pruned && c[method].equals("fine-tune") ? "1" : "2");
    }

    CliRun report = CliRun.of("report", runDir.toString());
    assertThat(report.code()).as(report.err()).isZero();
    String md = Files.readString(runDir.resolve("report.md"));
    assertThat(md)
        .contains("## Accuracy per method")
        .contains("### real")
        .contains("### quaternion");
    List<List<String>> real =
        ReportCommandTest.markdownTable(md.substring(md.indexOf("### real")), "### real");
    assertThat(real).hasSize(3);
    String realHeader =
        md.substring(md.indexOf("### real")).lines().skip(2).findFirst().orElseThrow();
    assertThat(realHeader)
        .contains("real, weight-rewind")
        .contains("real, lr-rewind")
        .contains("real, fine-tune")
        .contains("real, gradual");
    for (List<String> row : real) {
      assertThat(row).hasSize(3 + 4);
      assertThat(row.subList(3, 7)).allMatch(cell -> cell.matches("\\d+\\.\\d\\d%"));
    }
    // the accuracy of each method is the one results reports for its ticket's round
    String firstRealGradual =
        lines.stream()
            .filter(l -> l.contains(",real,1,") && l.split(",", -1)[method].equals("gradual"))
            .findFirst()
            .orElseThrow();
    double accuracy =
        Double.parseDouble(firstRealGradual.split(",")[header.indexOf("test_accuracy")]);
    int gradualColumn =
        List.of(realHeader.substring(1, realHeader.length() - 1).split("\\|")).stream()
            .map(String::trim)
            .toList()
            .indexOf("real, gradual");
    assertThat(real.get(1).get(gradualColumn))
        .isEqualTo(String.format(java.util.Locale.ROOT, "%.2f%%", 100 * accuracy));
  }

  @Test
  void badRetrainingAndScheduleSettingsAreExitTwoWithTheirPlace() throws IOException {
    String base =
        """
        name: bad
        dataset: {type: synthetic}
        model: {type: twin-mlp}
        training: {epochs: 2, batch-size: 32, optimizer: {type: momentum}}
        pruning:
          type: smallest-first
          keep: 0.5
          rounds: 1
        """;
    Map<String, String> cases =
        Map.of(
            "  retrain: rewind-weights\n",
            ":9:12: pruning.retrain: ",
            "  retrain: fine-tune\n",
            ":9:12: pruning.retrain: fine-tune needs the epochs of each pruned round",
            "  schedule: gradual\n  gradual: {start: 2ep, end: 1ep, every: 1ep}\n",
            ":10:30: pruning.gradual.end: must come after start (2ep), got 1ep",
            "  schedule: gradual\n  retrain: lr-rewind\n  gradual: {end: 1ep, every: 1ep}\n",
            ":10:12: pruning.retrain: applies to iterative pruning");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path f = dir.resolve("bad.yaml");
      Files.writeString(f, base + c.getKey());
      CliRun r = CliRun.of("validate", f.toString());
      assertThat(r.code()).as(c.getKey()).isEqualTo(2);
      assertThat(r.err())
          .contains(f + c.getValue())
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
  }
}

package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a damaged file, a directory in the way of a file or a runs root that cannot be one does to
 * the commands: the damaged file is named and the rest of the run is still shown, exported and
 * resumed; the others are bad input (exit 2) that names the path.
 */
class DamagedRunStoreTest {

  static final String WORKFLOW =
      """
      name: damage
      seed: 7
      dataset: {type: synthetic, height: 8, width: 8, classes: 4, train: 256, test: 128}
      model: {type: tiny-mlp, hidden: 16}
      training: {epochs: 2, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
      pruning: {type: smallest-first, keep: 0.6, rounds: 2, rewind: init}
      """;

  @TempDir Path dir;

  private Path workflow() throws IOException {
    Path workflow = dir.resolve("damage.yaml");
    Files.writeString(workflow, WORKFLOW);
    return workflow;
  }

  private static Path onlyTrial(Path runDir) throws IOException {
    try (Stream<Path> s = Files.list(runDir)) {
      return s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  @Test
  void aTruncatedRoundIsNamedAndLeftOutThenRunAgain() throws Exception {
    Path workflow = workflow();
    Path runs = dir.resolve("runs");
    CliRun first = CliRun.of("run", workflow.toString(), "--out", runs.toString());
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    assertThat(
            first
                .out()
                .lines()
                .filter(
                    l ->
                        l.matches(
                            "runtime: \\d+ native threads \\(.*\\), .*native build"
                                + " linux-x86_64.*")))
        .hasSize(1);
    Path runDir = runs.resolve("damage");
    String clean =
        ResumeTest.dropSeconds(CliRun.of("results", runDir.toString(), "--format", "csv").out());
    Path trial = onlyTrial(runDir);
    Path round2 = trial.resolve("round-2.h5");
    try (RandomAccessFile f = new RandomAccessFile(round2.toFile(), "rw")) {
      f.setLength(100);
    }

    CliRun results = CliRun.of("results", runDir.toString(), "--format", "csv");
    assertThat(results.code()).as(results.err()).isZero();
    assertThat(results.out().lines()).hasSize(1 + 2);
    assertThat(results.err()).contains(round2.toString()).contains("round 2 is left out");

    CliRun layers = CliRun.of("results", runDir.toString(), "--layers", "--format", "csv");
    assertThat(layers.code()).as(layers.err()).isZero();
    assertThat(layers.out().lines().skip(1).map(l -> l.split(",")[3]))
        .as("the last readable round")
        .isNotEmpty()
        .containsOnly("1");
    assertThat(layers.err()).contains(round2.toString()).contains("round 2 is left out");

    CliRun report = CliRun.of("report", runDir.toString(), "--no-tracking");
    assertThat(report.code()).as(report.out() + report.err()).isZero();
    assertThat(report.err()).contains(round2.toString());
    assertThat(report.out()).contains("missing:");

    Path model = dir.resolve("model.h5");
    CliRun export = CliRun.of("export", trial.toString(), "--out", model.toString());
    assertThat(export.code()).as(export.out() + export.err()).isZero();
    assertThat(export.err()).contains(round2.toString()).contains("passed over");
    assertThat(export.out()).contains("round 1");
    CliRun exportDamaged =
        CliRun.of("export", trial.toString(), "--round", "2", "--out", model.toString());
    assertThat(exportDamaged.code()).isEqualTo(2);
    assertThat(exportDamaged.err()).contains(round2.toString());

    CliRun again = CliRun.of("run", workflow.toString(), "--out", runs.toString());
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("note: " + round2).contains("moved to round-2.h5.damaged-");
    assertThat(
            ResumeTest.dropSeconds(
                CliRun.of("results", runDir.toString(), "--format", "csv").out()))
        .isEqualTo(clean);
    try (Stream<Path> s = Files.list(trial)) {
      assertThat(
              s.map(p -> p.getFileName().toString())
                  .filter(n -> n.startsWith("round-2.h5.damaged-")))
          .hasSize(1);
    }
  }

  @Test
  void exportIntoADirectoryIsBadInputAndLeavesNothing() throws Exception {
    Path existing = Files.createDirectory(dir.resolve("models"));
    CliRun r =
        CliRun.of("export", dir.resolve("no-such-trial").toString(), "--out", existing.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--out " + existing + " is a directory");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("models");
    }
  }

  @Test
  void aRunsRootThatCannotBeADirectoryIsBadInput() throws Exception {
    Path workflow = workflow();
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    for (Path out : List.of(file, file.resolve("runs"))) {
      CliRun r = CliRun.of("run", workflow.toString(), "--out", out.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.err())
          .startsWith(
              "fraction: --out "
                  + out
                  + " cannot be used as the runs directory: "
                  + file
                  + " is not a directory");
    }
    assertThat(Files.readString(file)).isEqualTo("not a directory");
  }
}

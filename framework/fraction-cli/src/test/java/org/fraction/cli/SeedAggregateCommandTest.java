package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code results --aggregate} and the report's section over seeds on a real run: three real trials
 * that differ only in seed, and one quaternion trial of one seed in the same run directory.
 */
class SeedAggregateCommandTest {

  static final String WORKFLOW =
      """
name: seeds
seed: 1
dataset: {type: synthetic, height: 8, width: 8, classes: 4, train: 256, test: 128, noise: 600}
model: {type: twin-mlp, hidden: 32, algebra: real}
training: {epochs: 1, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
pruning: {type: smallest-first, keep: 0.6, rounds: 2, rewind: init}
""";

  @TempDir static Path dir;
  static Path runDir;

  @BeforeAll
  static void runTheTrials() throws Exception {
    Path workflow = dir.resolve("seeds.yaml");
    Files.writeString(workflow, WORKFLOW);
    String runs = dir.resolve("runs").toString();
    CliRun real =
        CliRun.of(
            "run",
            workflow.toString(),
            "--out",
            runs,
            "--set",
            "matrix.seed=[1,2,3]",
            "--set",
            "pruning.keep=0.4",
            "--set",
            "pruning.rounds=3");
    assertThat(real.code()).as(real.out() + real.err()).isZero();
    CliRun quaternion =
        CliRun.of("run", workflow.toString(), "--out", runs, "--set", "model.algebra=quaternion");
    assertThat(quaternion.code()).as(quaternion.out() + quaternion.err()).isZero();
    runDir = dir.resolve("runs").resolve("seeds");
  }

  @Test
  void aggregateMatchesTheTrialsRows() {
    List<String[]> rows = csv(CliRun.of("results", runDir.toString(), "--format", "csv").out());
    CliRun aggregate = CliRun.of("results", runDir.toString(), "--aggregate", "--format", "csv");
    assertThat(aggregate.code()).as(aggregate.err()).isZero();
    List<String> header = List.of(aggregate.out().lines().findFirst().orElseThrow().split(","));
    List<String[]> groups = csv(aggregate.out());
    assertThat(groups).hasSize(4 + 3);

    for (String[] g : groups) {
      int round = Integer.parseInt(g[header.indexOf("round")]);
      List<String[]> members =
          rows.stream()
              .filter(
                  r -> r[2].equals(g[header.indexOf("algebra")]) && Integer.parseInt(r[3]) == round)
              .toList();
      assertThat(Integer.parseInt(g[header.indexOf("n")])).isEqualTo(members.size());
      double[] acc = members.stream().mapToDouble(r -> Double.parseDouble(r[7])).toArray();
      double mean = java.util.Arrays.stream(acc).average().orElseThrow();
      double squares = java.util.Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum();
      assertThat(Double.parseDouble(g[header.indexOf("test_accuracy_mean")]))
          .isCloseTo(mean, within(1e-4));
      assertThat(Double.parseDouble(g[header.indexOf("test_accuracy_min")]))
          .isCloseTo(java.util.Arrays.stream(acc).min().orElseThrow(), within(1e-4));
      if (members.size() == 1) {
        assertThat(g[header.indexOf("test_accuracy_std")]).isEmpty();
      } else {
        assertThat(members).hasSize(3);
        assertThat(Double.parseDouble(g[header.indexOf("test_accuracy_std")]))
            .isCloseTo(Math.sqrt(squares / 2), within(1e-4));
        assertThat(g[header.indexOf("seeds")]).isEqualTo("1 2 3");
      }
    }
  }

  @Test
  void reportDrawsBandsAndSaysWhichGroupHasOneSeed() throws Exception {
    Path out = dir.resolve("report");
    CliRun report =
        CliRun.of(
            "report", runDir.toString(), "--out", out.toString(), "--no-tracking", "--band", "std");
    assertThat(report.code()).as(report.out() + report.err()).isZero();
    var image = ImageIO.read(out.resolve("accuracy_over_seeds.png").toFile());
    assertThat(image.getWidth()).isEqualTo(1400);
    String md = Files.readString(out.resolve("report.md"));
    assertThat(md)
        .contains("## Over seeds")
        .contains("(accuracy_over_seeds.png)")
        .contains("mean ± one sample standard deviation (n − 1)")
        .containsPattern(
            "Groups of one seed have no band: quaternion twin-mlp \\[\\w+\\], 1 seed \\(no band\\)")
        .containsPattern(
            "\\| real \\| 0 \\| 3 \\| 100% \\| 100% \\| \\d+\\.\\d\\d% ± \\d+\\.\\d\\d% \\|")
        .containsPattern("\\| quaternion \\| 2 \\| 1 \\| .* \\| \\d+\\.\\d\\d% \\(1 seed\\) \\|")
        .containsPattern(
            "- real \\[\\w+\\] \\(3 seeds\\) against quaternion \\[\\w+\\] \\(1 seed\\):"
                + " (overlap|apart) from");

    assertThat(CliRun.of("report", runDir.toString(), "--band", "iqr", "--no-tracking").code())
        .isEqualTo(2);
    assertThat(CliRun.of("results", runDir.toString(), "--aggregate", "--layers").code())
        .isEqualTo(2);
  }

  private static List<String[]> csv(String text) {
    return text.lines().skip(1).map(l -> l.split(",", -1)).toList();
  }
}

package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.spi.model.ParameterRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trial that starts from another trial's ticket on other data, its random-mask control, and bad
 * sources.
 */
class TransferTest {

  static final String SOURCE =
      """
      name: source
      seed: 3
      dataset: {type: synthetic, height: 8, width: 8, classes: 4, train: 256, test: 128}
      model: {type: twin-mlp, hidden: 32, algebra: real}
      training: {epochs: 1, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
      pruning: {type: smallest-first, keep: 0.5, rounds: 1, rewind: init}
      """;

  @TempDir static Path dir;
  static Path source;

  @BeforeAll
  static void runTheSource() throws Exception {
    Path workflow = dir.resolve("source.yaml");
    Files.writeString(workflow, SOURCE);
    CliRun run = CliRun.of("run", workflow.toString(), "--out", dir.resolve("runs").toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    try (var trials = Files.list(dir.resolve("runs").resolve("source"))) {
      source = trials.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  private static String target(String model, String transfer) {
    return """
name: target
seed: 8
dataset: {type: synthetic, height: 8, width: 8, classes: 4, train: 256, test: 128, seed: 11}
model: %s
training: {epochs: 1, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
pruning: {type: smallest-first, keep: 0.5, rounds: 1, rewind: init}
transfer: %s
"""
        .formatted(model, transfer);
  }

  private static CliRun run(String name, String yaml) throws Exception {
    Path workflow = dir.resolve(name + ".yaml");
    Files.writeString(workflow, yaml);
    return CliRun.of("run", workflow.toString(), "--out", dir.resolve("runs-" + name).toString());
  }

  private static Path onlyTrial(Path runs) throws Exception {
    try (var trials = Files.list(runs.resolve("target"))) {
      return trials.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  @Test
  void theStartedTrialsRoundZeroMaskIsTheSourcesAndItsWeightsTheSourcesRewind() throws Exception {
    CliRun run =
        run(
            "ticket",
            target(
                "{type: twin-mlp, hidden: 32, algebra: real}",
                "{from: " + source + ", round: 1, weights: rewind}"));
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    RoundData started =
        RoundFiles.read(onlyTrial(dir.resolve("runs-ticket")).resolve("round-0.h5"));
    RoundData sourceRound = RoundFiles.read(source.resolve("round-1.h5"));
    RoundData sourceInit = RoundFiles.read(source.resolve("round-0.h5"));
    for (ParameterRef ref :
        List.of(new ParameterRef("hidden", "W"), new ParameterRef("out", "W"))) {
      assertThat(started.masks().get(ref))
          .as(ref + " mask")
          .isEqualTo(sourceRound.masks().get(ref));
      INDArray expected = sourceInit.rewind().get(ref).mul(sourceRound.masks().get(ref));
      assertThat(started.rewind().get(ref))
          .as(ref + " start weights: the source's rewind weights, masked")
          .isEqualTo(expected);
    }
    assertThat(started.number("density")).isEqualTo(sourceRound.number("density"));
  }

  @Test
  void theRandomMaskControlKeepsEachLayersDensityButNotTheMask() throws Exception {
    CliRun run =
        run(
            "control",
            target(
                "{type: twin-mlp, hidden: 32, algebra: real}",
                "{from: " + source + ", round: 1, random-mask: true}"));
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    RoundData started =
        RoundFiles.read(onlyTrial(dir.resolve("runs-control")).resolve("round-0.h5"));
    RoundData sourceRound = RoundFiles.read(source.resolve("round-1.h5"));
    for (ParameterRef ref : sourceRound.masks().keySet()) {
      assertThat(started.masks().get(ref).sumNumber().longValue())
          .isEqualTo(sourceRound.masks().get(ref).sumNumber().longValue());
      assertThat(started.masks().get(ref)).isNotEqualTo(sourceRound.masks().get(ref));
    }
  }

  @Test
  void aMissingOrMismatchedSourceIsExitTwoNamingWhatDiffers() throws Exception {
    CliRun shapes =
        run(
            "shapes",
            target(
                "{type: twin-mlp, hidden: 16, algebra: real}", "{from: " + source + ", round: 1}"));
    assertThat(shapes.code()).isEqualTo(2);
    assertThat(shapes.err())
        .contains("transfer")
        .contains("hidden/W")
        .contains("[64, 32] in the source")
        .contains("[64, 16] here");

    CliRun algebra =
        run(
            "algebra",
            target(
                "{type: twin-mlp, hidden: 32, algebra: quaternion}",
                "{from: " + source + ", round: 1}"));
    assertThat(algebra.code()).isEqualTo(2);
    assertThat(algebra.err()).contains("model.algebra real in the source, quaternion here");

    CliRun round =
        run(
            "round",
            target(
                "{type: twin-mlp, hidden: 32, algebra: real}", "{from: " + source + ", round: 4}"));
    assertThat(round.code()).isEqualTo(2);
    assertThat(round.err()).contains("no finished round 4");

    CliRun missing =
        run(
            "missing",
            target(
                "{type: twin-mlp, hidden: 32, algebra: real}",
                "{from: " + dir.resolve("nowhere") + ", round: 1}"));
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nowhere").contains("no trial here");
    assertThat(missing.err()).doesNotContain("Exception");
    assertThat(dir.resolve("runs-missing").resolve("target")).as("nothing trained").doesNotExist();
  }
}

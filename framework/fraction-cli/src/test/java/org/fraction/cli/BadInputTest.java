package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad workflows and arguments exit with code 2 and name the file, line, column and key. */
class BadInputTest {

  static final String QUICK =
      """
      name: bad
      seed: 1
      dataset: {type: mnist}
      model: {type: lenet-300-100}
      training:
        epochs: 1
        batch-size: 60
        optimizer: {type: adam, lr: 1.2e-3}
      pruning:
        type: global-magnitude
        keep: 0.8
        rounds: 2
      """;

  @TempDir Path dir;

  Path workflow(String text) throws IOException {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void misspeltKey() throws IOException {
    Path f = workflow(QUICK.replace("batch-size", "batch-szie"));
    CliRun r = CliRun.of("validate", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(f + ":7:3: training.batch-szie: unknown key (did you mean 'batch-size'?)");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void keepOutOfRange() throws IOException {
    Path f = workflow(QUICK.replace("keep: 0.8", "keep: 1.5"));
    CliRun r = CliRun.of("run", f.toString(), "--out", dir.resolve("runs").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(f + ":11:9: pruning.keep: must be in (0, 1), got 1.5");
    assertThat(dir.resolve("runs")).doesNotExist();
  }

  @Test
  void unknownTypeListsTheKnownOnes() throws IOException {
    Path f = workflow(QUICK.replace("global-magnitude", "global-magnitud"));
    CliRun r = CliRun.of("plan", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            f
                + ":10:9: pruning.type: unknown pruning type 'global-magnitud' (did you mean"
                + " 'global-magnitude'?); known: ")
        .contains("layer-magnitude")
        .contains("random");
  }

  @Test
  void missingDataPath() throws IOException {
    Path f =
        workflow(
            QUICK.replace(
                "{type: mnist}", "{type: mnist, path: " + dir.resolve("no-such-dir") + "}"));
    CliRun r = CliRun.of("run", f.toString(), "--out", dir.resolve("runs").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(f + ":3:30: dataset.path: no such directory: " + dir.resolve("no-such-dir"));
  }

  @Test
  void excludedLayerMustExistAndRewindMustFitTheRound() throws IOException {
    Path f = workflow(QUICK + "  exclude: [fc9]\n  rewind: 3ep\n");
    CliRun r = CliRun.of("validate", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(f + ":13:12: pruning.exclude: 'fc9' is not a prunable layer of lenet-300-100")
        .contains(
            f + ":14:11: pruning.rewind: rewinds to step 3000, but a round has only 1000 steps");
  }

  @Test
  void badArgumentsAndCommands() throws IOException {
    assertThat(CliRun.of("rn").code()).isEqualTo(2);
    assertThat(CliRun.of("rn").err()).contains("unknown command 'rn' (did you mean 'run'?)");
    assertThat(CliRun.of("run").err())
        .contains("missing arguments")
        .contains("usage: fraction run WORKFLOW");
    assertThat(CliRun.of("results", dir.toString(), "--format", "xml").code()).isEqualTo(2);
    assertThat(CliRun.of("results", dir.resolve("none").toString()).err())
        .contains("no such run directory");
    CliRun jar = CliRun.of("plugins", "--plugins", dir.resolve("missing.jar").toString());
    assertThat(jar.code()).isEqualTo(2);
    assertThat(jar.err()).contains("missing.jar: no such plugin jar");
    Path notJar = Files.writeString(dir.resolve("x.jar"), "not a jar");
    assertThat(CliRun.of("plugins", "--plugins", notJar.toString()).err())
        .contains("x.jar: not a jar file");
  }

  @Test
  void validWorkflowValidates() throws IOException {
    Path f = workflow(QUICK);
    CliRun r = CliRun.of("validate", f.toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("ok, 1 trial");
  }
}

package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fraction stability} on a real run: the stored file, the results column, the trackers, bad
 * input.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StabilityCommandTest {

  static final String WORKFLOW =
      """
name: stable
seed: 3
dataset: {type: synthetic, height: 8, width: 8, classes: 4, train: 256, test: 128, noise: 300}
model: {type: twin-mlp, hidden: 32, algebra: real}
training: {epochs: 2, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
pruning: {type: smallest-first, keep: 0.5, rounds: 1, rewind: init}
tracking:
  recording: {label: test}
""";

  @TempDir static Path dir;
  static Path trial;

  @BeforeAll
  static void runTheWorkflow() throws Exception {
    Path workflow = dir.resolve("stable.yaml");
    Files.writeString(workflow, WORKFLOW);
    CliRun run = CliRun.of("run", workflow.toString(), "--out", dir.resolve("runs").toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    try (var trials = Files.list(dir.resolve("runs").resolve("stable"))) {
      trial = trials.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  @Test
  @Order(1)
  void measuresStoresAndReportsTheBarrier() throws Exception {
    ReportTestPlugin.CALLS.clear();
    CliRun stability = CliRun.of("stability", trial.toString(), "--round", "1", "--points", "5");
    assertThat(stability.code()).as(stability.out() + stability.err()).isZero();
    assertThat(stability.out())
        .contains("copy 1 trained")
        .contains("alpha 0.500")
        .contains("error barrier");

    Path file = trial.resolve("stability-round-1-init.h5");
    String script =
        """
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
e = np.asarray(f["path/test_error"]); a = np.asarray(f["path/alpha"])
r = f.attrs["rewind"]
print(len(a), a[0], a[-1], f.attrs["error_barrier"], e.max() - (e[0] + e[-1]) / 2, f.attrs["round"],
      r.decode() if isinstance(r, bytes) else r)
""";
    String[] h5 =
        H5Tools.run(List.of(H5Tools.python(), "-c", script, file.toString()), "h5py is needed")
            .trim()
            .split(" ");
    assertThat(h5[0]).isEqualTo("5");
    assertThat(Double.parseDouble(h5[1])).isZero();
    assertThat(Double.parseDouble(h5[2])).isEqualTo(1.0);
    double barrier = Double.parseDouble(h5[3]);
    assertThat(barrier)
        .as("the stored barrier recomputed from the stored path")
        .isCloseTo(Double.parseDouble(h5[4]), within(1e-12));
    assertThat(h5[5]).isEqualTo("1");
    assertThat(h5[6]).isEqualTo("init");

    List<String> csv =
        CliRun.of("results", trial.toString(), "--format", "csv").out().lines().toList();
    assertThat(csv.get(0)).endsWith(",method,mask_source,collapsed_layers,error_barrier");
    assertThat(csv.get(1)).as("round 0 not measured").endsWith(",");
    assertThat(Double.parseDouble(csv.get(2).substring(csv.get(2).lastIndexOf(',') + 1)))
        .isCloseTo(barrier, within(5e-5));
    assertThat(CliRun.of("results", trial.toString()).out()).contains("barrier");

    String id = trial.getFileName().toString();
    List<String> calls =
        ReportTestPlugin.CALLS.stream()
            .filter(c -> c.trial().equals(id))
            .map(ReportTestPlugin.Call::what)
            .toList();
    assertThat(calls.get(0)).isEqualTo("reopen");
    assertThat(calls.get(1))
        .startsWith("metrics 1 {stability_error_barrier=")
        .contains("stability_loss_barrier=");
    assertThat(calls.stream().filter(c -> c.contains("stability_path_round_1_init_test_error")))
        .hasSize(5);
    assertThat(calls.get(calls.size() - 1)).isEqualTo("close");

    Path out = dir.resolve("report");
    CliRun report =
        CliRun.of("report", trial.getParent().toString(), "--out", out.toString(), "--no-tracking");
    assertThat(report.code()).as(report.err()).isZero();
    assertThat(javax.imageio.ImageIO.read(out.resolve("stability_path.png").toFile()).getWidth())
        .isEqualTo(1100);
    assertThat(Files.readString(out.resolve("report.md")))
        .contains("## Instability analysis")
        .contains("(stability_path.png)")
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "| %s | real | 1 | init (the trial's) | interpolated | 5 |",
                id))
        .contains(String.format(java.util.Locale.ROOT, "| %.2f%% |", 100 * barrier));

    long modified = Files.getLastModifiedTime(file).toMillis();
    CliRun again =
        CliRun.of("stability", trial.toString(), "--round", "1", "--points", "5", "--no-tracking");
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("already measured").doesNotContain("copy 1 trained");
    assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
  }

  @Test
  void aWorkflowBlockAnalysesItsRoundsAfterTheyFinishWithoutChangingTheTrialId() throws Exception {
    Path workflow = dir.resolve("with-block.yaml");
    Files.writeString(workflow, WORKFLOW + "stability: {rounds: [1], points: 3}\n");
    ReportTestPlugin.CALLS.clear();
    CliRun run = CliRun.of("run", workflow.toString(), "--out", dir.resolve("runs2").toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    Path other = dir.resolve("runs2").resolve("stable").resolve(trial.getFileName());
    assertThat(other.resolve("round-1.h5"))
        .as("the block leaves the trial id as it was")
        .isRegularFile();
    assertThat(other.resolve("stability-round-1-init.h5")).isRegularFile();
    assertThat(other.resolve("stability-round-0-init.h5")).doesNotExist();
    assertThat(ReportTestPlugin.CALLS)
        .anyMatch(c -> c.what().startsWith("metrics 1 {stability_error_barrier="));
    String csv = CliRun.of("results", other.toString(), "--format", "csv").out();
    assertThat(csv.lines().skip(2).findFirst().orElseThrow()).matches(".*,\\d+\\.\\d{4}$");

    Path bad = dir.resolve("bad-block.yaml");
    Files.writeString(bad, WORKFLOW + "stability: {rounds: [0, 3], points: 1}\n");
    CliRun validate = CliRun.of("validate", bad.toString());
    assertThat(validate.code()).isEqualTo(2);
    assertThat(validate.err())
        .contains("bad-block.yaml:")
        .contains("stability.points: must be at least 2");
  }

  @Test
  void aKilledAnalysisLeavesNothingThatCounts() throws Exception {
    // what a process killed while writing leaves: a temporary file, never the stability file
    Path leftover = trial.resolve(".stability-round-0-init.h5123.tmp");
    Files.writeString(leftover, "half an HDF5 file");
    assertThat(CliRun.of("results", trial.toString(), "--format", "csv").code()).isZero();
    CliRun stability =
        CliRun.of("stability", trial.toString(), "--round", "0", "--points", "3", "--no-tracking");
    assertThat(stability.code()).as(stability.err()).isZero();
    assertThat(trial.resolve("stability-round-0-init.h5")).isRegularFile();
  }

  @Test
  void badArgumentsExitTwoNamingWhatIsWrong() {
    CliRun missing = CliRun.of("stability", trial.toString(), "--round", "4");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("round 4").contains("round-4.h5");
    assertThat(CliRun.of("stability", trial.toString(), "--round", "1", "--rewind", "3x").err())
        .contains("--rewind");
    assertThat(CliRun.of("stability", trial.toString(), "--round", "1", "--points", "1").code())
        .isEqualTo(2);
    assertThat(CliRun.of("stability", trial.toString()).err()).contains("--round K is required");
    CliRun notTrial = CliRun.of("stability", dir.toString(), "--round", "1");
    assertThat(notTrial.code()).isEqualTo(2);
    assertThat(notTrial.err()).contains("is not a trial directory");
    CliRun beyond =
        CliRun.of(
            "stability", trial.toString(), "--round", "1", "--rewind", "100000it", "--no-tracking");
    assertThat(beyond.code()).isEqualTo(2);
    assertThat(beyond.err()).contains("lies beyond round 0's");
  }

  @Test
  void anAnalysisTheRetrainingDoesNotDefineExitsTwo() throws Exception {
    String lrRewind =
        WORKFLOW.replace("name: stable", "name: lr").replace("rewind: init", "retrain: lr-rewind");
    Path workflow = dir.resolve("lr.yaml");
    Files.writeString(workflow, lrRewind);
    CliRun run = CliRun.of("run", workflow.toString(), "--out", dir.resolve("runs").toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    Path lrTrial;
    try (var trials = Files.list(dir.resolve("runs").resolve("lr"))) {
      lrTrial = trials.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    CliRun other =
        CliRun.of(
            "stability", lrTrial.toString(), "--round", "1", "--rewind", "2it", "--no-tracking");
    assertThat(other.code()).isEqualTo(2);
    assertThat(other.err())
        .contains("retrains with pruning.retrain: lr-rewind from round 0's trained weights")
        .doesNotContain("Exception");
    assertThat(lrTrial.resolve("stability-round-1-2it.h5")).doesNotExist();

    Path bad = dir.resolve("lr-bad.yaml");
    Files.writeString(bad, lrRewind + "stability: {rounds: [1], rewind: 2it}\n");
    CliRun validate = CliRun.of("validate", bad.toString());
    assertThat(validate.code()).isEqualTo(2);
    assertThat(validate.err())
        .contains(bad + ":9:12: stability: rewind 2it: with pruning.retrain: lr-rewind");
  }
}

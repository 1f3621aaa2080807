package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.testing.RealData;
import org.fraction.spi.model.ParameterRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SNIP, GraSP and SynFlow as pruning at initialisation on real MNIST through a separate JVM (the
 * quaternion LeNet-300-100, whole quaternions, one round of one epoch), and their bad settings. The
 * real variants take the same path without quaternion groups (ScoredPruningTest, MaskSourceTest).
 */
class PruningAtInitMnistTest {

  static final String WORKFLOW =
      """
      name: at-init
      seed: 4
      dataset: {type: mnist}
      model: {type: lenet-300-100, algebra: quaternion}
      training:
        epochs: 1
        batch-size: 60
        optimizer: {type: adam, lr: 1.2e-3}
      pruning:
        type: snip
        keep: 0.2
        rounds: 1
        mask-source: init
        granularity: quaternion
      matrix:
        pruning.type: [snip, grasp, synflow]
      """;

  @TempDir Path dir;

  @Test
  void eachMethodPrunesAtInitialisationAndShowsInPlanResultsAndReport() throws Exception {
    Path workflow = dir.resolve("at-init.yaml");
    Files.writeString(workflow, WORKFLOW);
    CliRun plan = CliRun.of("plan", workflow.toString());
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("masks: init (pruning at initialisation");

    Map<String, String> env =
        Map.of(
            "FRACTION_DATA",
            dir.resolve("data").toString(),
            "FRACTION_DATA_MIRROR",
            RealData.requireMirror().toString(),
            "OMP_NUM_THREADS",
            "1");
    Path out = dir.resolve("runs");
    Path log = dir.resolve("run.log");
    int code = ChildProcess.run(log, env, "run", workflow.toString(), "--out", out.toString());
    assertThat(code).as(Files.readString(log)).isZero();

    CliRun csv = CliRun.of("results", out.resolve("at-init").toString(), "--format", "csv");
    List<String> lines = csv.out().lines().toList();
    List<String> header = List.of(lines.get(0).split(","));
    assertThat(header).contains("pruning", "mask_source", "collapsed_layers");
    assertThat(lines).hasSize(1 + 3 * 2);
    Map<String, Integer> prunedRounds = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split(",", -1);
      String method = c[header.indexOf("pruning")];
      assertThat(method).isIn("snip", "grasp", "synflow");
      assertThat(c[header.indexOf("mask_source")]).isEqualTo("init");
      assertThat(c[header.indexOf("collapsed_layers")]).isEqualTo("0");
      if (c[header.indexOf("round")].equals("1")) {
        prunedRounds.merge(method + "/" + c[header.indexOf("algebra")], 1, Integer::sum);
        assertThat(Double.parseDouble(c[header.indexOf("density")]))
            .as(line)
            .isCloseTo(0.2, within(1e-4));
        assertThat(Double.parseDouble(c[header.indexOf("test_accuracy")]))
            .as(line)
            .isGreaterThan(0.9);
      }
    }
    assertThat(prunedRounds).hasSize(3);
    for (Path trial : Files.list(out.resolve("at-init")).filter(Files::isDirectory).toList()) {
      assertWholeQuaternions(RoundFiles.read(trial.resolve("round-1.h5")).masks());
    }

    CliRun layers = CliRun.of("results", out.resolve("at-init").toString(), "--layers");
    assertThat(layers.code()).as(layers.err()).isZero();
    List<String> layerLines = layers.out().lines().toList();
    assertThat(layerLines.get(0)).endsWith("collapsed");
    assertThat(layerLines).hasSize(1 + 3 * 3).noneMatch(l -> l.endsWith("yes"));

    CliRun report = CliRun.of("report", out.resolve("at-init").toString(), "--no-tracking");
    assertThat(report.code()).as(report.err()).isZero();
    String md = Files.readString(out.resolve("at-init/report.md"));
    // the trials differ only in strategy: the method table names each by it, one column apiece
    String methodsHeader =
        md.substring(md.indexOf("### quaternion")).lines().skip(2).findFirst().orElseThrow();
    assertThat(md).contains("## Accuracy per method");
    assertThat(methodsHeader)
        .contains("| quaternion, snip |")
        .contains("| quaternion, grasp |")
        .contains("| quaternion, synflow |");
    List<List<String>> table = ReportCommandTest.markdownTable(md, "## Rounds");
    assertThat(table)
        .hasSize(6)
        .allSatisfy(
            row ->
                assertThat(row.subList(row.size() - 2, row.size())).containsExactly("init", "0"));
  }

  /**
   * In every quaternion layer the r, i, j and k masks are equal: whole quaternions kept or removed.
   */
  private static void assertWholeQuaternions(Map<ParameterRef, INDArray> masks) {
    int layers = 0;
    for (ParameterRef ref : masks.keySet()) {
      if (ref.param().equals("r")) {
        layers++;
        INDArray r = masks.get(ref);
        assertThat(r.sumNumber().doubleValue()).as(ref + " keeps some weights").isPositive();
        for (String part : List.of("i", "j", "k")) {
          assertThat(masks.get(new ParameterRef(ref.layer(), part)))
              .as(ref.layer() + "/" + part)
              .isEqualTo(r);
        }
      }
    }
    assertThat(layers).as("quaternion layers").isEqualTo(2);
  }

  @Test
  void badSettingsNameTheFileLineAndKey() throws IOException {
    String base = WORKFLOW.substring(0, WORKFLOW.indexOf("matrix:"));
    assertBad(
        base.replace("type: snip", "type: snipp"),
        ":10:9: pruning.type: unknown pruning type 'snipp' (did you mean 'snip'?)");
    assertBad(
        base.replace("granularity: quaternion", "images: 0"),
        ":14:11: pruning.images: must be > 0, got 0");
    assertBad(
        base.replace("type: snip", "type: grasp").replace("granularity: quaternion", "images: 0"),
        ":14:11: pruning.images: must be > 0, got 0");
    assertBad(
        base.replace("type: snip", "type: grasp")
            .replace("granularity: quaternion", "temperature: 0"),
        ":14:16: pruning.temperature: must be > 0");
    assertBad(
        base.replace("type: snip", "type: synflow")
            .replace("granularity: quaternion", "iterations: 0"),
        ":14:15: pruning.iterations: must be > 0, got 0");
    assertBad(
        base.replace("mask-source: init", "mask-source: initial"), ":13:16: pruning.mask-source: ");
    assertBad(
        base.replace("granularity: quaternion", "granularity: whole"),
        ":14:16: pruning.granularity: ");
    assertBad(
        base.replace("granularity: quaternion", "scope: layers"),
        ":14:10: pruning.scope: must be one of global, layer, got 'layers'");
  }

  @Test
  void layerScopePlansEachLayersOwnCount() throws IOException {
    String base =
        WORKFLOW
            .substring(0, WORKFLOW.indexOf("matrix:"))
            .replace("keep: 0.2", "keep: 0.3")
            .replace("rounds: 1", "rounds: 2");
    // quaternion LeNet-300-100: 14,700 and 1,875 quaternions, a real classifier of 1,000 weights
    long[] layer = new long[3];
    long[] global = new long[3];
    for (int k = 0; k <= 2; k++) {
      double f = Math.pow(0.3, k);
      layer[k] = 4 * Math.round(14700 * f) + 4 * Math.round(1875 * f) + Math.round(1000 * f);
      global[k] = Math.round(67300 * f);
    }
    assertThat(layer[1]).isEqualTo(20192).isNotEqualTo(global[1]);
    for (String type : List.of("snip", "grasp", "synflow")) {
      String text = base.replace("type: snip", "type: " + type);
      assertThat(plannedPrunableLeft(text + "  scope: layer\n")).as(type).containsExactly(layer);
      assertThat(plannedPrunableLeft(text)).as(type).containsExactly(global);
    }
  }

  /** The "prunable left" column of {@code plan}'s only trial, per round. */
  private long[] plannedPrunableLeft(String text) throws IOException {
    Path f = dir.resolve("plan.yaml");
    Files.writeString(f, text);
    CliRun plan = CliRun.of("plan", f.toString());
    assertThat(plan.code()).as(plan.err()).isZero();
    return plan.out()
        .lines()
        .filter(l -> l.matches("\\s+\\d+\\s+[0-9.]+%.*"))
        .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[3].replace(",", "")))
        .toArray();
  }

  private void assertBad(String text, String message) throws IOException {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, text);
    CliRun r = CliRun.of("validate", f.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).contains(f + message).doesNotContain("Exception").doesNotContain("\tat ");
  }
}

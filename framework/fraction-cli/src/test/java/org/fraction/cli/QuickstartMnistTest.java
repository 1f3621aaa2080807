package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fraction.engine.results.ResultsFormat;
import org.fraction.engine.testing.RealData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart on real MNIST, end to end through a separate JVM (its real trial, two rounds of
 * two epochs to keep the suite short): the data is fetched through the mirror and verified,
 * LeNet-300-100 reaches 96.5 % after two dense epochs, densities follow keep^k (0.7) to one weight,
 * and the round files are readable by h5py and h5dump.
 */
class QuickstartMnistTest {

  @TempDir Path dir;

  @Test
  void quickstartRunsOnRealMnist() throws Exception {
    Path workflow = Path.of("../../workflows/quickstart.yaml");
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
    int code =
        ChildProcess.run(
            log,
            env,
            "run",
            workflow.toString(),
            "--out",
            out.toString(),
            "--set",
            "pruning.rounds=2",
            "--set",
            "training.epochs=2",
            "--set",
            "matrix.model.algebra=[real]");
    String output = Files.readString(log);
    assertThat(code).as(output).isZero();
    assertThat(output).contains("copying mnist from").contains("round 2 done: density 49.00%");

    CliRun csv = CliRun.of("results", out.resolve("quickstart").toString(), "--format", "csv");
    List<String> lines = csv.out().lines().toList();
    List<String> header = List.of(lines.get(0).split(","));
    // the documented leading columns, then the matrix key the run varies
    assertThat(header.subList(0, 10))
        .containsExactly(
            "trial",
            "control",
            "algebra",
            "round",
            "density",
            "density_vs_real",
            "params_remaining",
            "test_accuracy",
            "best_test_accuracy",
            "model.algebra");
    int round = header.indexOf("round");
    int densityColumn = header.indexOf("density");
    assertThat(lines).hasSize(4);
    long prunable = 784 * 300 + 300 * 100 + 100 * 10;
    for (int k = 0; k <= 2; k++) {
      String[] c = lines.get(1 + k).split(",");
      assertThat(Integer.parseInt(c[round])).isEqualTo(k);
      assertThat(c[header.indexOf("model.algebra")]).isEqualTo("real");
      double density = Double.parseDouble(c[densityColumn]);
      assertThat(density * prunable)
          .as("remaining weights in round " + k)
          .isCloseTo(prunable * Math.pow(0.7, k), within(1.0));
      assertThat(Long.parseLong(c[header.indexOf("params_remaining")]))
          .isEqualTo(Math.round(prunable * density) + 410);
    }
    double dense = Double.parseDouble(lines.get(1).split(",")[header.indexOf("test_accuracy")]);
    assertThat(dense).as("LeNet-300-100 after 2 dense epochs").isGreaterThanOrEqualTo(0.965);

    Path round2 =
        Files.list(out.resolve("quickstart"))
            .filter(Files::isDirectory)
            .findFirst()
            .orElseThrow()
            .resolve("round-2.h5");
    double reported = Double.parseDouble(lines.get(3).split(",")[densityColumn]);
    assertThat(H5Tools.h5pyMaskDensity(round2)).isCloseTo(reported, within(1e-6));
    assertThat(H5Tools.h5dumpAttribute(round2, "density")).isCloseTo(reported, within(1e-6));

    CliRun report = CliRun.of("report", out.resolve("quickstart").toString());
    assertThat(report.code()).as(report.err()).isZero();
    for (String png :
        List.of("accuracy_vs_density.png", "accuracy_per_epoch.png", "layer_sparsity.png")) {
      assertThat(javax.imageio.ImageIO.read(out.resolve("quickstart").resolve(png).toFile()))
          .as(png)
          .isNotNull();
    }
    List<List<String>> table =
        ReportCommandTest.markdownTable(
            Files.readString(out.resolve("quickstart/report.md")), "## Rounds");
    assertThat(table).hasSize(3);
    for (int k = 0; k <= 2; k++) {
      List<String> c = List.of(lines.get(1 + k).split(","));
      assertThat(table.get(k).subList(2, 9))
          .isEqualTo(
              ResultsFormat.COLUMNS.subList(2, 9).stream()
                  .map(name -> c.get(header.indexOf(name)))
                  .toList());
      assertThat(table.get(k).get(9)).as("dense MACs of LeNet-300-100").isEqualTo("266,200");
    }
  }
}

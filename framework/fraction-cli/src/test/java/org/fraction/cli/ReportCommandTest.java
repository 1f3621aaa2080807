package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.fraction.engine.results.ResultsFormat;
import org.fraction.report.Report;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fraction report}, {@code results --layers} and the MAC columns of {@code plan} on a real
 * run of two trials (real and a stand-in quaternion model), each with a random-reinit control.
 */
class ReportCommandTest {

  static final String WORKFLOW =
      """
      name: figures
      seed: 5
      dataset: {type: synthetic, height: 8, width: 8, classes: 4, train: 256, test: 128}
      model: {type: twin-mlp, hidden: 32}
      training: {epochs: 2, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
      pruning: {type: smallest-first, keep: 0.6, rounds: 3, rewind: init}
      controls: [random-reinit]
      matrix:
        model.algebra: [real, quaternion]
      tracking:
        recording: {label: test}
      """;

  @TempDir static Path dir;
  static Path workflow;
  static Path runDir;

  @BeforeAll
  static void runTheWorkflow() throws IOException {
    workflow = dir.resolve("figures.yaml");
    Files.writeString(workflow, WORKFLOW);
    CliRun run = CliRun.of("run", workflow.toString(), "--out", dir.resolve("runs").toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    runDir = dir.resolve("runs").resolve("figures");
  }

  @Test
  void reportWritesFiguresAndTablesThatMatchTheResults() throws Exception {
    ReportTestPlugin.CALLS.clear();
    CliRun report = CliRun.of("report", runDir.toString());
    assertThat(report.code()).as(report.out() + report.err()).isZero();
    assertThat(report.out()).doesNotContain("missing:");

    assertImage(runDir.resolve("accuracy_vs_density.png"), 1400, 1100);
    assertImage(runDir.resolve("accuracy_per_epoch.png"), 1100, 900);
    assertImage(runDir.resolve("layer_sparsity.png"), 140 + 2 * 560, 700);
    BufferedImage accuracy = ImageIO.read(runDir.resolve("accuracy_vs_density.png").toFile());
    assertThat(countPixels(accuracy, 0x0072B2)).as("real trials drawn in blue").isGreaterThan(200);
    assertThat(countPixels(accuracy, 0xD55E00))
        .as("quaternion trials drawn in vermilion")
        .isGreaterThan(200);

    String md = Files.readString(runDir.resolve("report.md"));
    assertThat(md)
        .contains(
            "![Test accuracy against the fraction of weights remaining](accuracy_vs_density.png)")
        .contains("accuracy_per_epoch.png")
        .contains("layer_sparsity.png")
        .contains("## Settings")
        .contains("## Where accuracy falls below the dense network")
        .contains("Complete:");
    String html = Files.readString(runDir.resolve("report.html"));
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<table>")
        .contains("<img src=\"accuracy_vs_density.png\"");

    // the per-round table holds exactly the numbers of results --format csv
    List<List<String>> table = markdownTable(md, "## Rounds");
    CliRun csv = CliRun.of("results", runDir.toString(), "--format", "csv");
    List<String> csvLines = csv.out().lines().toList();
    assertThat(table).hasSize(csvLines.size() - 1).hasSize(2 * (4 + 3));
    List<String> header = List.of(csvLines.get(0).split(","));
    for (int i = 0; i < table.size(); i++) {
      List<String> cells = List.of(csvLines.get(i + 1).split(",", -1));
      List<String> expected =
          ResultsFormat.COLUMNS.subList(0, 9).stream()
              .map(name -> cells.get(header.indexOf(name)))
              .toList();
      assertThat(cells.get(header.indexOf("model.algebra"))).isEqualTo(cells.get(2));
      List<String> actual = new ArrayList<>(table.get(i).subList(0, 9));
      if (actual.get(1).equals("ticket")) {
        actual.set(1, "");
      }
      assertThat(actual).as("row " + i).isEqualTo(expected);
    }

    // MACs: dense from the widths; sparse from each layer's mask density (results --layers)
    for (List<String> row : table) {
      boolean quaternion = row.get(2).equals("quaternion");
      int hidden = quaternion ? 8 : 32;
      long hiddenMacs = 64L * hidden;
      long outMacs = hidden * 4L;
      assertThat(number(row.get(9))).isEqualTo(hiddenMacs + outMacs);
      CliRun layers =
          CliRun.of(
              "results",
              runDir.resolve(row.get(0)).toString(),
              "--layers",
              "--round",
              row.get(3),
              "--format",
              "csv");
      assertThat(layers.code()).as(layers.err()).isZero();
      Map<String, Double> density = new HashMap<>();
      long remaining = 0;
      String control = row.get(1).equals("ticket") ? "" : row.get(1);
      for (String l : layers.out().lines().skip(1).toList()) {
        String[] c = l.split(",", -1);
        if (!c[1].equals(control)) {
          continue; // a trial's directory also holds its controls
        }
        density.put(c[4], Long.parseLong(c[6]) / (double) Long.parseLong(c[5]));
        remaining += Long.parseLong(c[6]);
      }
      assertThat(density.keySet()).containsExactlyInAnyOrder("hidden", "out");
      assertThat(number(row.get(10)))
          .as("sparse MACs of " + row)
          .isEqualTo(Math.round(hiddenMacs * density.get("hidden") + outMacs * density.get("out")));
      assertThat((double) remaining / (hiddenMacs + outMacs))
          .isCloseTo(Double.parseDouble(row.get(4)), org.assertj.core.api.Assertions.within(1e-6));
    }

    // every ticket's tracker reopened its record and received the six files; no status change
    List<String> tickets =
        Files.list(runDir)
            .filter(Files::isDirectory)
            .map(p -> p.getFileName().toString())
            .sorted()
            .toList();
    assertThat(tickets).hasSize(2);
    for (String trial : tickets) {
      List<String> calls =
          ReportTestPlugin.CALLS.stream()
              .filter(c -> c.trial().equals(trial))
              .map(ReportTestPlugin.Call::what)
              .toList();
      assertThat(calls)
          .containsExactly(
              "reopen",
              "artifact",
              "artifact",
              "artifact",
              "artifact",
              "artifact",
              "artifact",
              "close");
      assertThat(
              ReportTestPlugin.CALLS.stream()
                  .filter(c -> c.trial().equals(trial) && c.file() != null)
                  .map(c -> c.file().getFileName().toString()))
          .containsExactly(
              "accuracy_vs_density.png",
              "accuracy_per_epoch.png",
              "layer_sparsity.png",
              "accuracy_over_seeds.png",
              "report.md",
              "report.html");
    }
    assertThat(ReportTestPlugin.CALLS).noneMatch(c -> c.trial().contains("/"));
    assertThat(report.out()).contains("recording: 6 files logged to trial " + tickets.get(0));
  }

  @Test
  void reportOnAPartialRunSaysWhichRoundsAreMissing() throws Exception {
    Path partial = dir.resolve("partial").resolve("figures");
    copy(runDir, partial);
    Path trial = Files.list(partial).filter(Files::isDirectory).sorted().findFirst().orElseThrow();
    Files.delete(trial.resolve("round-3.h5"));
    Files.copy(trial.resolve("round-1.h5"), trial.resolve("round-3.partial.h5"));
    Files.delete(trial.resolve("random-reinit").resolve("round-2.h5"));
    Files.delete(trial.resolve("random-reinit").resolve("round-3.h5"));
    Path out = dir.resolve("partial-report");

    CliRun report =
        CliRun.of(
            "report",
            partial.toString(),
            "--out",
            out.toString(),
            "--no-tracking",
            "--trial",
            trial.getFileName().toString().substring(0, 4));
    assertThat(report.code()).as(report.out() + report.err()).isZero();
    String id = trial.getFileName().toString();
    assertThat(report.out())
        .contains(
            "missing: "
                + id
                + " ticket: round 3 missing (round 3 in progress, 2 of 2 epochs saved)")
        .contains("missing: " + id + " random-reinit: rounds 2–3 missing");
    String md = Files.readString(out.resolve("report.md"));
    assertThat(md)
        .contains("**Partial run**")
        .contains("- " + id + " random-reinit: rounds 2–3 missing");
    assertThat(markdownTable(md, "## Rounds")).hasSize(2 * 7 - 3);
    assertImage(out.resolve("accuracy_vs_density.png"), 1400, 1100);
    assertThat(Files.exists(partial.resolve("report.md"))).as("--out writes elsewhere").isFalse();
  }

  @Test
  void planShowsMacsPerRound() {
    CliRun plan = CliRun.of("plan", workflow.toString());
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("dense MACs    sparse MACs");
    // real: 64*32 + 32*4 = 2176 MACs; round 1 keeps round(0.6 * 2176) = 1306 weights, spread evenly
    assertThat(plan.out())
        .containsPattern(
            "\\n\\s+0\\s+100\\.00%\\s+100\\.00%\\s+2,176\\s+\\S+\\s+2,176\\s+2,176\\n");
    assertThat(plan.out())
        .containsPattern("\\n\\s+1\\s+60\\.02%\\s+60\\.02%\\s+1,306\\s+\\S+\\s+2,176\\s+1,306\\n");
    // stand-in quaternion: 64*8 + 8*4 = 544 MACs, a quarter of the real model's weights
    assertThat(plan.out())
        .containsPattern("\\n\\s+0\\s+100\\.00%\\s+25\\.00%\\s+544\\s+\\S+\\s+544\\s+544\\n");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(CliRun.of("report", dir.resolve("nowhere").toString()).code()).isEqualTo(2);
    CliRun trial =
        CliRun.of(
            "report",
            runDir.toString(),
            "--trial",
            "zzzz",
            "--no-tracking",
            "--out",
            dir.resolve("x").toString());
    assertThat(trial.code()).isEqualTo(2);
    assertThat(trial.err()).contains("no trial 'zzzz'; trials: ");
    CliRun round = CliRun.of("results", runDir.toString(), "--round", "1");
    assertThat(round.code()).isEqualTo(2);
    assertThat(round.err()).contains("--round goes with --layers");
    assertThat(CliRun.of("results", runDir.toString(), "--layers", "--round", "x").code())
        .isEqualTo(2);
    CliRun missing = CliRun.of("results", runDir.toString(), "--layers", "--round", "9");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no trial has finished round 9");
  }

  @Test
  void anUnwritableReportDirectoryIsNamedInOneLineWithExitTwo() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "");
    CliRun underAFile =
        CliRun.of(
            "report",
            runDir.toString(),
            "--no-tracking",
            "--out",
            file.resolve("report").toString());
    assertThat(underAFile.code()).isEqualTo(2);
    assertThat(underAFile.err())
        .isEqualTo("fraction: cannot write " + file.resolve("report") + ": Not a directory\n");

    // a chart's file cannot be opened (here: a directory holds its temporary name; root may write
    // anywhere)
    Path out = dir.resolve("blocked");
    Files.createDirectories(out.resolve("." + Report.ACCURACY_VS_DENSITY + ".tmp").resolve("x"));
    java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.err;
    CliRun blocked;
    System.setErr(new java.io.PrintStream(stderr, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      blocked = CliRun.of("report", runDir.toString(), "--no-tracking", "--out", out.toString());
    } finally {
      System.setErr(saved);
    }
    assertThat(blocked.code()).isEqualTo(2);
    assertThat(blocked.err())
        .isEqualTo(
            "fraction: cannot write "
                + out.resolve(Report.ACCURACY_VS_DENSITY)
                + ": Is a directory\n");
    assertThat(stderr.toString(java.nio.charset.StandardCharsets.UTF_8))
        .as("no stack trace")
        .doesNotContain("\tat ");
  }

  @Test
  void layersViewDefaultsToEachTrialsLastRound() {
    CliRun table = CliRun.of("results", runDir.toString(), "--layers");
    assertThat(table.code()).as(table.err()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0)).startsWith("trial").contains("layer").contains("density");
    assertThat(lines).hasSize(1 + 4 * 2);
    assertThat(lines.subList(1, lines.size())).allMatch(l -> l.split("\\s+")[3].equals("3"));
    CliRun json =
        CliRun.of("results", runDir.toString(), "--layers", "--round", "0", "--format", "json");
    assertThat(json.out()).contains("\"layer\" : \"hidden\"").contains("\"density\" : 1.0");
  }

  private static long number(String text) {
    return Long.parseLong(text.replace(",", ""));
  }

  private static void assertImage(Path file, int width, int height) throws IOException {
    assertThat(file).exists();
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).as(file + " decodes as an image").isNotNull();
    assertThat(image.getWidth()).isEqualTo(width);
    assertThat(image.getHeight()).isEqualTo(height);
  }

  private static int countPixels(BufferedImage image, int rgb) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
          n++;
        }
      }
    }
    return n;
  }

  /** The body rows of the first table after {@code heading}, as cells. */
  static List<List<String>> markdownTable(String md, String heading) {
    List<String> lines = md.substring(md.indexOf(heading)).lines().toList();
    List<List<String>> rows = new ArrayList<>();
    boolean inTable = false;
    for (String l : lines) {
      if (l.startsWith("|")) {
        inTable = true;
        String[] cells = l.substring(1, l.length() - 1).split("(?<!\\\\)\\|", -1);
        rows.add(Arrays.stream(cells).map(String::trim).toList());
      } else if (inTable) {
        break;
      }
    }
    return rows.subList(2, rows.size());
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        if (Files.isRegularFile(p) && p.getParent().equals(from)) {
          continue; // a report written beside the runs earlier
        }
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}

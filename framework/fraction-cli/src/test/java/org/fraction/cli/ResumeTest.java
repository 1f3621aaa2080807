package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL at several moments, then run again, ends with exactly the results of an
 * uninterrupted run; finished round files are never rewritten.
 */
class ResumeTest {

  static final String WORKFLOW =
      """
      name: resume
      seed: 11
      dataset: {type: synthetic, height: 12, width: 12, classes: 5, train: 3000, test: 500}
      model: {type: tiny-mlp, hidden: 64}
      training: {epochs: 3, batch-size: 10, optimizer: {type: momentum, lr: 0.02}}
      pruning: {type: smallest-first, keep: 0.7, rounds: 3, rewind: 40it}
      controls: [random-reinit]
      """;

  @TempDir Path dir;

  @Test
  void killedRunsResumeToTheSameNumbers() throws Exception {
    Path workflow = dir.resolve("resume.yaml");
    Files.writeString(workflow, WORKFLOW);
    Map<String, String> env = Map.of("OMP_NUM_THREADS", "1");

    Path clean = dir.resolve("clean");
    assertThat(
            ChildProcess.run(
                dir.resolve("clean.log"),
                env,
                "run",
                workflow.toString(),
                "--out",
                clean.toString()))
        .as(Files.readString(dir.resolve("clean.log")) + "")
        .isZero();

    Path resumed = dir.resolve("resumed");
    Path trialRoot = resumed.resolve("resume");
    List<Predicate<List<String>>> killPoints =
        List.of(
            files -> files.stream().anyMatch(f -> f.endsWith("round-0.partial.h5")),
            files -> files.stream().anyMatch(f -> f.endsWith("round-1.partial.h5")),
            files -> files.stream().anyMatch(f -> f.endsWith("round-2.h5")),
            files ->
                files.stream().anyMatch(f -> f.contains("random-reinit") && f.endsWith(".h5")));
    long round0Modified = -1;
    for (Predicate<List<String>> point : killPoints) {
      Process p =
          ChildProcess.builder(
                  dir.resolve("killed.log"),
                  env,
                  "run",
                  workflow.toString(),
                  "--out",
                  resumed.toString())
              .start();
      boolean killed = false;
      while (p.isAlive()) {
        if (point.test(files(trialRoot))) {
          p.destroyForcibly();
          killed = true;
          break;
        }
        Thread.sleep(5);
      }
      p.waitFor(1, TimeUnit.MINUTES);
      assertThat(killed).as("the run reached the kill point before it ended").isTrue();
      List<String> rounds0 =
          files(trialRoot).stream().filter(f -> f.endsWith("/round-0.h5")).toList();
      if (!rounds0.isEmpty()) {
        long modified = Files.getLastModifiedTime(Path.of(rounds0.get(0))).toMillis();
        if (round0Modified >= 0) {
          assertThat(modified)
              .as("a finished round file is never rewritten")
              .isEqualTo(round0Modified);
        }
        round0Modified = modified;
      }
    }
    assertThat(
            ChildProcess.run(
                dir.resolve("final.log"),
                env,
                "run",
                workflow.toString(),
                "--out",
                resumed.toString()))
        .as(Files.readString(dir.resolve("final.log")))
        .isZero();
    assertThat(Files.readString(dir.resolve("final.log"))).contains("already complete, skipped");

    CliRun a = CliRun.of("results", clean.resolve("resume").toString(), "--format", "csv");
    CliRun b = CliRun.of("results", trialRoot.toString(), "--format", "csv");
    assertThat(a.code()).isZero();
    assertThat(dropSeconds(b.out())).isEqualTo(dropSeconds(a.out()));
    assertThat(a.out().lines().count()).isEqualTo(1 + 4 + 3);
    assertThat(files(trialRoot)).noneMatch(f -> f.endsWith(".tmp") || f.endsWith(".partial.h5"));
  }

  /** Wall-clock seconds are the one column that differs between two identical runs. */
  static String dropSeconds(String csv) {
    String[] lines = csv.split("\n");
    int seconds = List.of(lines[0].split(",", -1)).indexOf("seconds");
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
      cells.remove(seconds);
      sb.append(String.join(",", cells)).append('\n');
    }
    return sb.toString();
  }

  static List<String> files(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile).forEach(p -> out.add(p.toString()));
    } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
      // a file renamed while walking: look again on the next poll
    }
    return out;
  }
}

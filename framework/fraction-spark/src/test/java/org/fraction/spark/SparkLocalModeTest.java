package org.fraction.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fraction.engine.backend.NativeRuntimeInfo;
import org.fraction.engine.store.MatrixChoices;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.spark.testing.PluginJar;
import org.fraction.spi.store.RoundFileSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --executor spark --master local[2]} against an in-process local run. */
class SparkLocalModeTest {

  @TempDir Path dir;

  @Test
  void sparkRunPrintsTheSameResultsTableAsALocalRunWithTheSameSeed() throws Exception {
    Path jar = PluginJar.build(dir.resolve("plugins"));
    Path workflow = Workflows.twoTrials(dir, "same-table", 2000, 2, 2, dir.resolve("events"));
    // Float reductions depend on the native thread count. Spark tasks run with spark.task.cpus = 1
    // thread each, so the local run gets one thread too.
    NativeRuntime.threads(1);
    CliRun local =
        CliRun.of(
            "run",
            workflow.toString(),
            "--plugins",
            jar.toString(),
            "--out",
            dir.resolve("local").toString(),
            "--set",
            "tracking.recording.dir=" + dir.resolve("local-events"));
    CliRun spark =
        CliRun.of(
            "run",
            workflow.toString(),
            "--plugins",
            jar.toString(),
            "--out",
            dir.resolve("spark").toString(),
            "--executor",
            "spark",
            "--master",
            "local[2]");

    assertThat(local.code()).as(local.err()).isZero();
    assertThat(spark.code()).as(spark.err()).isZero();
    assertThat(spark.table()).hasSize(1 + 2 * 3).isEqualTo(local.table());
    assertThat(spark.out()).contains("spark: 2 tasks on local[2]");
    // Every stored number, losses included, but the seconds each round took.
    assertThat(Results.withoutSeconds(dir.resolve("spark/same-table")))
        .isEqualTo(Results.withoutSeconds(dir.resolve("local/same-table")));
    System.out.println(String.join("\n", spark.table()));
    // Both record the one thread and the build they ran with, and results see nothing mixed.
    for (String run : List.of("local", "spark")) {
      try (var files = Files.walk(dir.resolve(run).resolve("same-table"))) {
        List<Path> rounds =
            files.filter(f -> f.getFileName().toString().matches("round-\\d+\\.h5")).toList();
        assertThat(rounds).as(run).hasSize(6);
        for (Path round : rounds) {
          RoundData r = RoundFiles.readSummary(round);
          assertThat(r.number(RoundFileSchema.NATIVE_THREADS)).as(round.toString()).isEqualTo(1.0);
          assertThat(r.text(RoundFileSchema.NATIVE_BUILD))
              .as(round.toString())
              .isEqualTo(NativeRuntimeInfo.current().build());
        }
      }
      // The matrix values reach the trial's directory from the task as from a local run.
      try (var trials = Files.list(dir.resolve(run).resolve("same-table"))) {
        for (Path trial :
            trials.filter(t -> Files.isRegularFile(t.resolve(TrialDirectory.DOCUMENT))).toList()) {
          assertThat(MatrixChoices.read(new TrialDirectory(trial)))
              .as(trial.toString())
              .containsOnlyKeys("seed");
        }
      }
      CliRun results = CliRun.of("results", dir.resolve(run).resolve("same-table").toString());
      assertThat(results.err()).as(run).doesNotContain("different native settings");
    }

    // Trackers run inside the tasks, once per trial, and never on the driver.
    List<String> events = Files.readAllLines(dir.resolve("events").resolve("events.log"));
    assertThat(events).allMatch(l -> l.endsWith("task=true"));
    assertThat(events.stream().filter(l -> l.startsWith("started "))).hasSize(2);
    assertThat(events.stream().filter(l -> l.startsWith("finished "))).hasSize(2);
    assertThat(events.stream().filter(l -> l.startsWith("round-"))).hasSize(6);
  }
}

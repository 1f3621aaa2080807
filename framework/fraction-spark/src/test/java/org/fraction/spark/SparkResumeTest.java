package org.fraction.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.fraction.spark.testing.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial task runs its trial as the local executor does: what is complete on disk is not run
 * again.
 */
class SparkResumeTest {

  @TempDir Path dir;

  @Test
  void aRunAfterAnInterruptionRunsOnlyTheMissingRoundsAndGivesTheSameNumbers() throws Exception {
    Path jar = PluginJar.build(dir.resolve("plugins"));
    Path workflow = Workflows.twoTrials(dir, "resume", 1000, 2, 2, dir.resolve("events"));
    String[] args = {
      "run",
      workflow.toString(),
      "--plugins",
      jar.toString(),
      "--out",
      dir.resolve("runs").toString(),
      "--executor",
      "spark",
      "--master",
      "local[2]"
    };
    CliRun first = CliRun.of(args);
    assertThat(first.code()).as(first.err()).isZero();
    List<String> before = Results.withoutSeconds(dir.resolve("runs/resume"));

    // As if the first run had stopped during one trial's last round.
    Path trial;
    try (Stream<Path> trials = Files.list(dir.resolve("runs/resume"))) {
      trial = trials.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
    }
    Files.delete(trial.resolve("round-2.h5"));

    CliRun second = CliRun.of(args);
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out())
        .contains("trial " + trial.getFileName() + ": attempt 1 on ")
        .contains("resumed it (2 round(s) already complete, 0 epoch(s) from checkpoints)");
    assertThat(second.out().lines().filter(l -> l.contains("resumed it"))).hasSize(2);
    assertThat(Results.withoutSeconds(dir.resolve("runs/resume"))).isEqualTo(before);
  }
}

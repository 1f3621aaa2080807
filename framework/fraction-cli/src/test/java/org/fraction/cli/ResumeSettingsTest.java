package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resume never continues a trial under settings other than those it was run with: a changed
 * setting that can change numbers stops the run (exit 2) naming it, an incidental one is recorded
 * in the trial's settings history and the run goes on.
 */
class ResumeSettingsTest {

  static final String WORKFLOW =
      """
      name: settings
      seed: 3
      dataset: {type: synthetic, height: 8, width: 8, classes: 4, train: 256, test: 128}
      model: {type: tiny-mlp, hidden: 16}
      training: {epochs: 1, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
      pruning: {type: smallest-first, keep: 0.6, rounds: 1}
      """;

  @TempDir Path dir;

  private CliRun run(String... extra) throws IOException {
    Path workflow = dir.resolve("settings.yaml");
    Files.writeString(workflow, WORKFLOW);
    List<String> args =
        new java.util.ArrayList<>(
            List.of("run", workflow.toString(), "--out", dir.resolve("runs").toString()));
    args.addAll(List.of(extra));
    CliRun r = CliRun.of(args.toArray(String[]::new));
    return r;
  }

  private Path trial() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("runs").resolve("settings"))) {
      return s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  private static Map<String, Long> modified(Path trial) throws IOException {
    try (Stream<Path> s = Files.list(trial)) {
      return s.filter(p -> p.toString().endsWith(".h5"))
          .collect(
              java.util.stream.Collectors.toMap(
                  p -> p.getFileName().toString(), p -> p.toFile().lastModified()));
    }
  }

  @Test
  void aChangedDefaultStopsTheResumeNamingEachKey() throws Exception {
    CliRun first = run();
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    Path trial = trial();
    Path document = trial.resolve("workflow.yaml");
    String stored = Files.readString(document);
    assertThat(stored).contains("normalize: none").contains("flip: false");
    // the defaults of the version that made the trial, as if they had changed since
    String older =
        stored
            .replace("normalize: none", "normalize: computed")
            .replace("flip: false", "flip: true");
    Files.writeString(document, older);
    Map<String, Long> before = modified(trial);

    CliRun resumed = run();
    assertThat(resumed.code()).as(resumed.out() + resumed.err()).isEqualTo(2);
    assertThat(resumed.err())
        .startsWith(
            "fraction: " + document + ": trial " + trial.getFileName() + " was run with settings")
        .contains("\n  dataset.augment.flip: stored true, now false\n")
        .contains("\n  dataset.normalize: stored computed, now none\n")
        .contains("a new --out or a new name");
    assertThat(resumed.err().lines().filter(l -> l.startsWith("  ")))
        .as("only the changed keys")
        .hasSize(2);
    assertThat(Files.readString(document)).as("the stored record is kept").isEqualTo(older);
    assertThat(modified(trial)).isEqualTo(before);
    assertThat(Files.exists(trial.resolve("settings-history.yaml"))).isFalse();
  }

  @Test
  void anIncidentalChangeResumesAndIsRecorded() throws Exception {
    assertThat(run().code()).isZero();
    Path trial = trial();
    Map<String, Long> before = modified(trial);

    CliRun changed = run("--set", "training.eval-batch-size=50");
    assertThat(changed.code()).as(changed.out() + changed.err()).isZero();
    assertThat(changed.out())
        .contains("already complete, skipped")
        .contains("training.eval-batch-size: stored 100, now 50");
    assertThat(modified(trial)).as("no round was run again").isEqualTo(before);
    assertThat(Files.readString(trial.resolve("workflow.yaml"))).contains("eval-batch-size: 50");

    assertThat(run().code()).isZero();
    String history = Files.readString(trial.resolve("settings-history.yaml"));
    assertThat(history.lines().filter(l -> l.startsWith("- time: "))).hasSize(2);
    assertThat(history)
        .containsSubsequence(
            "    - key: \"training.eval-batch-size\"\n      old: \"100\"\n      new: \"50\"\n",
            "    - key: \"training.eval-batch-size\"\n      old: \"50\"\n      new: \"100\"\n");
    Object parsed =
        new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readValue(history, List.class);
    assertThat((List<?>) parsed).hasSize(2);
  }
}

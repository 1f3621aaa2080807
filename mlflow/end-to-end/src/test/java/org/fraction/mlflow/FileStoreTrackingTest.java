package org.fraction.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.results.StoredRunsReader;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.spi.tracking.StoredRuns.StoredTrial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs tracked into MLflow's local file store ({@code MLFLOW_TRACKING_URI=file:...}, no server),
 * then read back by a real {@code mlflow server --backend-store-uri file:...} over its REST API.
 */
class FileStoreTrackingTest {

  @TempDir Path dir;

  private static List<StoredTrial> stored(Path runDir) throws Exception {
    return new StoredRunsReader(
            new WorkflowLoader(
                Plugins.of(
                    List.of(new TestPlugin(), new MlflowPlugin()),
                    FileStoreTrackingTest.class.getClassLoader()),
                k -> null))
        .read(runDir);
  }

  /** Starts {@code mlflow server} on the store, hands its REST API to {@code check}, stops it. */
  private void readBack(Path store, Check check) throws Exception {
    try (LocalServer server =
        LocalServer.onFileStore(
            Servers.command(),
            Files.createTempDirectory(dir, "server"),
            Servers.freePort(),
            store)) {
      server.start();
      check.on(new MlflowRest(server.uri()));
    }
  }

  private interface Check {
    void on(MlflowRest rest) throws Exception;
  }

  private static List<String> experimentNames(MlflowRest rest) throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode e :
        rest.post("experiments/search", Map.of("max_results", 100)).path("experiments")) {
      names.add(e.path("name").asText());
    }
    return names;
  }

  @Test
  void aRunTrackedIntoAFileUriIsWhatMlflowServerShows() throws Exception {
    Path store = dir.resolve("mlruns");
    WorkflowRun.Result result =
        new WorkflowRun(dir.resolve("work"), Map.of("MLFLOW_TRACKING_URI", "file:" + store))
            .run(WorkflowRun.workflow("filestore", "matrix: {model.hidden: [8, 12]}\n"));

    assertThat(result.undelivered()).isEmpty();
    List<StoredTrial> trials = stored(result.runDir());
    assertThat(trials).hasSize(4);
    readBack(
        store,
        rest -> {
          assertThat(experimentNames(rest)).containsExactlyInAnyOrder("Default", "filestore");
          List<MlflowRest.Run> runs = ServerView.matches(rest, "filestore", trials);
          assertThat(runs).hasSize(4 + 2 * 3 + 2 * 2);
          MlflowRest.Run trial =
              runs.stream().filter(r -> "trial".equals(r.tag(Tags.RUN))).findFirst().orElseThrow();
          assertThat(trial.json().path("info").path("artifact_uri").asText())
              .startsWith(store.toUri().toString());
        });
  }

  @Test
  void aProcessKilledMidRunLeavesAReadableStoreAndItsResumptionAddsOnlyWhatIsNew()
      throws Exception {
    Path store = dir.resolve("my runs");
    Path work = dir.resolve("work");
    String workflow =
        WorkflowRun.workflow("killed", "tracking: {mlflow: {uri: '" + store + "'}}\n");
    Path file = Files.writeString(Files.createDirectories(dir).resolve("killed.yaml"), workflow);
    Path marker = dir.resolve("marker");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                RunUntilKilled.class.getName(),
                work.toString(),
                file.toString(),
                marker.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    try {
      for (int i = 0; i < 1200 && !Files.exists(marker) && child.isAlive(); i++) {
        Thread.sleep(100);
      }
      assertThat(marker)
          .as("the child reached round 1; its log: " + dir.resolve("child.log"))
          .exists();
    } finally {
      child.destroyForcibly().waitFor();
    }

    List<Path> lossFiles = new ArrayList<>();
    readBack(
        store,
        rest -> {
          List<MlflowRest.Run> runs = rest.runs(rest.experimentId("killed"));
          MlflowRest.Run trial =
              runs.stream().filter(r -> "trial".equals(r.tag(Tags.RUN))).findFirst().orElseThrow();
          MlflowRest.Run round0 =
              runs.stream().filter(r -> "round-0".equals(r.name())).findFirst().orElseThrow();
          MlflowRest.Run round1 =
              runs.stream().filter(r -> "round-1".equals(r.name())).findFirst().orElseThrow();
          assertThat(trial.status()).as("nobody ended it").isEqualTo("RUNNING");
          assertThat(round0.status()).isEqualTo("FINISHED");
          assertThat(round1.tag(Tags.PARENT)).isEqualTo(trial.id());
          assertThat(rest.history(round0.id(), "train_loss")).hasSize(2);
          assertThat(rest.history(trial.id(), "density")).hasSize(1);
          assertThat(rest.artifacts(trial.id(), "rounds")).containsOnlyKeys("rounds/round-0.h5");
          lossFiles.add(
              store
                  .resolve(rest.experimentId("killed"))
                  .resolve(round1.id())
                  .resolve("metrics/train_loss"));
        });
    // a crash in the middle of a metric line: the next append mends it
    Files.writeString(lossFiles.get(0), "1796000000000 0.12", StandardOpenOption.APPEND);

    WorkflowRun.Result result = new WorkflowRun(work, Map.of()).run(workflow);
    assertThat(result.undelivered()).isEmpty();
    readBack(store, rest -> ServerView.matches(rest, "killed", stored(result.runDir())));
  }

  @Test
  void syncToAFileStoreMakesTheRunsALiveRunMakesAndTwiceChangesNothing() throws Exception {
    Path store = dir.resolve("synced");
    WorkflowRun offline = new WorkflowRun(dir.resolve("offline"), Map.of());
    WorkflowRun.Result made = offline.run(WorkflowRun.workflow("offline", ""));

    WorkflowRun.Sync first =
        offline.sync("sync", made.runDir().toString(), "--tracking-uri", "file://" + store);
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("-> file://" + store).contains("3 of 3 rounds");
    WorkflowRun.Sync again =
        offline.sync("sync", made.runDir().toString(), "--tracking-uri", store.toString());
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("0 calls sent (all there already)");

    WorkflowRun.Result live =
        new WorkflowRun(dir.resolve("live"), Map.of("MLFLOW_TRACKING_URI", "file:" + store))
            .run(WorkflowRun.workflow("offline", "tracking: {mlflow: {experiment: live}}\n"));
    assertThat(live.undelivered()).isEmpty();
    readBack(
        store,
        rest -> {
          List<MlflowRest.Run> synced = ServerView.matches(rest, "offline", stored(made.runDir()));
          List<MlflowRest.Run> tracked = ServerView.matches(rest, "live", stored(live.runDir()));
          assertThat(ServerView.shape(synced)).isEqualTo(ServerView.shape(tracked));
        });
  }
}

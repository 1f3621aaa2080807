package org.fraction.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.results.StoredRunsReader;
import org.fraction.engine.store.StabilityFiles;
import org.fraction.engine.store.StabilityResult;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.tracking.StoredRuns.StoredTrial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fraction mlflow sync}: a run made offline, or whose server was away, reaches the server
 * once.
 */
class SyncTest {

  @TempDir Path dir;

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static List<StoredTrial> stored(Path runDir) throws Exception {
    return new StoredRunsReader(
            new WorkflowLoader(
                Plugins.of(
                    List.of(new TestPlugin(), new MlflowPlugin()), SyncTest.class.getClassLoader()),
                k -> null))
        .read(runDir);
  }

  @Test
  void syncOfARunMadeWithoutTrackingCreatesWhatALiveRunDoesAndTwiceChangesNothing()
      throws Exception {
    String uri = Servers.shared();
    String name = unique("offline");
    String workflow = WorkflowRun.workflow(name, "matrix: {seed: [5, 6]}\n");

    WorkflowRun offline = new WorkflowRun(dir.resolve("offline"), Map.of());
    WorkflowRun.Result made = offline.run(workflow);
    assertThat(made.undelivered()).isEmpty();
    WorkflowRun.Sync first =
        offline.sync(
            "sync",
            made.runDir().toString(),
            "--tracking-uri",
            uri,
            "--experiment",
            name + "-synced");
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    assertThat(first.out())
        .contains("-> " + uri)
        .contains("3 of 3 rounds")
        .contains("2 of 2 rounds");

    MlflowRest rest = new MlflowRest(uri);
    List<MlflowRest.Run> synced = ServerView.matches(rest, name + "-synced", stored(made.runDir()));

    WorkflowRun.Result live =
        new WorkflowRun(dir.resolve("live"), Map.of("MLFLOW_TRACKING_URI", uri))
            .run(
                workflow.replace(
                    "matrix:", "tracking: {mlflow: {experiment: " + name + "-live}}\nmatrix:"));
    assertThat(live.undelivered()).isEmpty();
    List<MlflowRest.Run> tracked = ServerView.matches(rest, name + "-live", stored(live.runDir()));
    assertThat(ServerView.shape(synced)).isEqualTo(ServerView.shape(tracked));

    WorkflowRun.Sync again =
        offline.sync(
            "sync",
            made.runDir().toString(),
            "--tracking-uri",
            uri,
            "--experiment",
            name + "-synced");
    assertThat(again.code()).isZero();
    assertThat(again.out())
        .contains("0 calls sent (all there already)")
        .doesNotContain("1 call sent");
    ServerView.matches(rest, name + "-synced", stored(made.runDir()));

    WorkflowRun.Sync liveAgain =
        offline.sync("sync", live.runDir().toString(), "--tracking-uri", uri);
    assertThat(liveAgain.out())
        .contains("0 calls sent (all there already)")
        .contains(name + "-live");
    ServerView.matches(rest, name + "-live", stored(live.runDir()));
  }

  @Test
  void syncSendsEachInstabilityAnalysisAsTheLiveTrackerDoes() throws Exception {
    String uri = Servers.shared();
    String name = unique("stability");
    String workflow = WorkflowRun.workflow(name, "stability: {rounds: [1, 2], points: 3}\n");
    WorkflowRun.Result made = new WorkflowRun(dir.resolve("offline"), Map.of()).run(workflow);
    WorkflowRun.Result live =
        new WorkflowRun(dir.resolve("live"), Map.of("MLFLOW_TRACKING_URI", uri))
            .run(workflow.replace(name, name + "-live"));
    assertThat(live.undelivered()).isEmpty();
    WorkflowRun runner = new WorkflowRun(dir.resolve("offline"), Map.of());
    WorkflowRun.Sync sync = runner.sync("sync", made.runDir().toString(), "--tracking-uri", uri);
    assertThat(sync.code()).as(sync.out() + sync.err()).isZero();

    MlflowRest rest = new MlflowRest(uri);
    StoredTrial ticket =
        stored(made.runDir()).stream().filter(t -> t.info().control().isEmpty()).findFirst().get();
    MlflowRest.Run synced = trialRun(rest, name, ticket.info().key());
    StoredTrial liveTicket =
        stored(live.runDir()).stream().filter(t -> t.info().control().isEmpty()).findFirst().get();
    MlflowRest.Run tracked = trialRun(rest, name + "-live", liveTicket.info().key());
    for (int round : List.of(1, 2)) {
      StabilityResult r =
          StabilityFiles.read(
              StabilityFiles.file(
                  new TrialDirectory(ticket.info().directory()), round, "init", false));
      String path = "stability_path_round_" + round + "_init_";
      for (MlflowRest.Run run : List.of(synced, tracked)) {
        assertThat(rest.history(run.id(), path + "alpha"))
            .extracting(p -> p[0], p -> p[1])
            .containsExactly(tuple(0.0, 0.0), tuple(1.0, 0.5), tuple(2.0, 1.0));
        assertThat(rest.history(run.id(), path + "test_error"))
            .extracting(p -> p[1])
            .containsExactly(r.testError(0), r.testError(1), r.testError(2));
        assertThat(rest.history(run.id(), path + "test_loss"))
            .extracting(p -> p[1])
            .containsExactly(r.testLoss()[0], r.testLoss()[1], r.testLoss()[2]);
      }
    }
    for (String barrier : List.of("stability_error_barrier", "stability_loss_barrier")) {
      List<double[]> expected = new java.util.ArrayList<>();
      for (int round : List.of(1, 2)) {
        StabilityResult r =
            StabilityFiles.read(
                StabilityFiles.file(
                    new TrialDirectory(ticket.info().directory()), round, "init", false));
        expected.add(
            new double[] {round, barrier.contains("error") ? r.errorBarrier() : r.lossBarrier()});
      }
      assertThat(rest.history(synced.id(), barrier))
          .as(barrier)
          .containsExactlyElementsOf(expected);
      assertThat(rest.history(tracked.id(), barrier))
          .as(barrier)
          .containsExactlyElementsOf(expected);
    }
    MlflowRest.Run control = trialRun(rest, name, ticket.info().key() + "/random-reinit");
    assertThat(rest.history(control.id(), "stability_error_barrier")).isEmpty();

    WorkflowRun.Sync again = runner.sync("sync", made.runDir().toString(), "--tracking-uri", uri);
    assertThat(again.out()).contains("0 calls sent (all there already)").doesNotContain("1 call");
    assertThat(rest.history(synced.id(), "stability_error_barrier")).hasSize(2);
  }

  private static MlflowRest.Run trialRun(MlflowRest rest, String experiment, String key)
      throws Exception {
    return rest.runs(rest.experimentId(experiment)).stream()
        .filter(r -> r.tag(Tags.PARENT) == null && key.equals(r.tag(Tags.KEY)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no run " + key + " in " + experiment));
  }

  @Test
  void callsAServerNeverTookAreNamedAndSyncDeliversThemOnce() throws Exception {
    String uri = Servers.shared();
    String name = unique("away");
    String away = "http://127.0.0.1:" + Servers.freePort();
    WorkflowRun runner = new WorkflowRun(dir, Map.of());
    WorkflowRun.Result result =
        runner.run(
            WorkflowRun.workflow(
                name, "tracking: {mlflow: {uri: '" + away + "', wait-seconds: 1}}\n"));

    assertThat(result.undelivered()).hasSize(1);
    assertThat(result.undelivered().get(0))
        .startsWith("mlflow " + away + ": ")
        .contains(result.plan().trials().get(0).id() + ": ")
        .contains("calls not delivered")
        .contains("server unreachable")
        .contains(Journal.FILE)
        .contains("send them with: fraction mlflow sync " + result.runDir().toAbsolutePath());
    assertThat(new MlflowRest(uri).experimentId(name)).isNull();

    WorkflowRun.Sync down = runner.sync("sync", result.runDir().toString(), "--wait", "1");
    assertThat(down.code()).isEqualTo(1);
    assertThat(down.out()).contains("-> " + away).contains("not delivered");

    WorkflowRun.Sync sync = runner.sync("sync", result.runDir().toString(), "--tracking-uri", uri);
    assertThat(sync.code()).as(sync.out() + sync.err()).isZero();
    ServerView.matches(new MlflowRest(uri), name, stored(result.runDir()));
    WorkflowRun.Sync again = runner.sync("sync", result.runDir().toString(), "--tracking-uri", uri);
    assertThat(again.out()).contains("0 calls sent (all there already)");
    ServerView.matches(new MlflowRest(uri), name, stored(result.runDir()));
  }

  @Test
  void badInputIsExitCodeTwoOrBadData() throws Exception {
    WorkflowRun runner = new WorkflowRun(dir, Map.of());
    assertThatThrownBy(
            () ->
                runner.sync(
                    "sync",
                    dir.resolve("nothing").toString(),
                    "--tracking-uri",
                    "http://127.0.0.1:1"))
        .isInstanceOf(BadDataException.class)
        .hasMessageContaining("no such run directory");
    assertThat(runner.sync("sync").code()).isEqualTo(2);
    assertThat(runner.sync("push", "x").err()).contains("unknown sub-command 'push'");
    assertThat(runner.sync("sync", "x", "--tracking-uri", "ftp://h").err())
        .contains(
            "--tracking-uri: must be the http(s) URL of an MLflow tracking server or MLflow's local"
                + " file store (file:PATH or a path), got 'ftp://h'");
    WorkflowRun.Result offline = runner.run(WorkflowRun.workflow(unique("nouri"), ""));
    WorkflowRun.Sync noUri = runner.sync("sync", offline.runDir().toString());
    assertThat(noUri.code()).isEqualTo(2);
    assertThat(noUri.err()).contains("pass --tracking-uri URI or set MLFLOW_TRACKING_URI");
  }
}

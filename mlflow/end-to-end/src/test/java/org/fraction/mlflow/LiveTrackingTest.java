package org.fraction.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.results.StoredRunsReader;
import org.fraction.engine.train.InterruptedRunException;
import org.fraction.engine.train.TrialObserver;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.StoredRuns.StoredTrial;
import org.fraction.spi.tracking.TrialInfo;
import org.fraction.spi.tracking.TrialTracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A workflow run with the tracker on, read back from a real MLflow server. */
class LiveTrackingTest {

  @TempDir Path dir;

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static List<StoredTrial> stored(WorkflowRun.Result result) throws Exception {
    return new StoredRunsReader(
            new WorkflowLoader(
                org.fraction.engine.plugin.Plugins.of(
                    List.of(new org.fraction.engine.testing.TestPlugin(), new MlflowPlugin()),
                    LiveTrackingTest.class.getClassLoader()),
                k -> null))
        .read(result.runDir());
  }

  @Test
  void aRunSwitchedOnByTheEnvironmentRecordsEveryTrialRoundAndEpoch() throws Exception {
    String uri = Servers.shared();
    String name = unique("live");
    WorkflowRun.Result result =
        new WorkflowRun(dir, Map.of("MLFLOW_TRACKING_URI", uri))
            .run(WorkflowRun.workflow(name, "matrix: {model.hidden: [8, 12]}\n"));

    assertThat(result.undelivered()).isEmpty();
    List<StoredTrial> trials = stored(result);
    assertThat(trials).hasSize(4);
    List<MlflowRest.Run> runs = ServerView.matches(new MlflowRest(uri), name, trials);
    assertThat(runs).hasSize(4 + 2 * 3 + 2 * 2);
    String first = result.plan().trials().get(0).id();
    MlflowRest.Run control =
        runs.stream()
            .filter(
                r ->
                    "trial".equals(r.tag(Tags.RUN))
                        && (first + "/random-reinit").equals(r.tag(Tags.KEY)))
            .findFirst()
            .orElseThrow();
    assertThat(control.name()).isEqualTo(first + "/random-reinit tiny-mlp real");
    assertThat(control.tags())
        .containsEntry("control", "random-reinit")
        .containsEntry("trial", first)
        .containsEntry("algebra", "real")
        .containsEntry("model", "tiny-mlp");
    assertThat(control.params())
        .containsEntry("model.hidden", "8")
        .containsEntry("pruning.keep", "0.5")
        .containsEntry("training.epochs", "2")
        .containsEntry(
            "native.threads",
            Integer.toString(org.fraction.engine.backend.NativeRuntimeInfo.current().threads()))
        .containsEntry(
            "native.build", org.fraction.engine.backend.NativeRuntimeInfo.current().build());
  }

  @Test
  void aStoppedTrialEndsKilledAndItsResumptionAddsOnlyWhatIsNew() throws Exception {
    String uri = Servers.shared();
    String name = unique("resume");
    WorkflowRun runner = new WorkflowRun(dir, Map.of());
    String workflow = WorkflowRun.workflow(name, "tracking: {mlflow: {uri: '" + uri + "'}}\n");
    assertThatThrownBy(() -> runner.run(workflow, List.of(WorkflowRun.stopAfter(1, 1))))
        .isInstanceOf(InterruptedRunException.class);

    MlflowRest rest = new MlflowRest(uri);
    List<MlflowRest.Run> runs = rest.runs(rest.experimentId(name));
    MlflowRest.Run trial =
        runs.stream().filter(r -> "trial".equals(r.tag(Tags.RUN))).findFirst().orElseThrow();
    MlflowRest.Run round1 =
        runs.stream().filter(r -> "round-1".equals(r.name())).findFirst().orElseThrow();
    assertThat(trial.status()).isEqualTo("KILLED");
    assertThat(round1.status()).isEqualTo("KILLED");
    assertThat(
            runs.stream()
                .filter(r -> r.name().equals("round-0"))
                .findFirst()
                .orElseThrow()
                .status())
        .isEqualTo("FINISHED");
    assertThat(rest.history(round1.id(), "train_loss")).hasSize(1);

    WorkflowRun.Result result = runner.run(workflow);
    assertThat(result.undelivered()).isEmpty();
    ServerView.matches(rest, name, stored(result));
  }

  @Test
  void aFailedTrialEndsFailed() throws Exception {
    String uri = Servers.shared();
    String name = unique("failed");
    TrialObserver fail =
        new TrialObserver() {
          @Override
          public void epochFinished(TrialInfo trial, int round, EpochMetrics metrics) {
            if (round == 1) {
              throw new IllegalStateException("broken by the test");
            }
          }
        };
    assertThatThrownBy(
            () ->
                new WorkflowRun(dir, Map.of("MLFLOW_TRACKING_URI", uri))
                    .run(WorkflowRun.workflow(name, ""), List.of(fail)))
        .hasMessageContaining("broken by the test");
    MlflowRest rest = new MlflowRest(uri);
    List<MlflowRest.Run> runs = rest.runs(rest.experimentId(name));
    assertThat(
            runs.stream()
                .filter(r -> "trial".equals(r.tag(Tags.RUN)))
                .findFirst()
                .orElseThrow()
                .status())
        .isEqualTo("FAILED");
    assertThat(
            runs.stream()
                .filter(r -> r.name().equals("round-1"))
                .findFirst()
                .orElseThrow()
                .status())
        .isEqualTo("FAILED");
  }

  @Test
  void filesAddedToAFinishedTrialGoToItsRunWhoseStatusStays() throws Exception {
    String uri = Servers.shared();
    String name = unique("files");
    WorkflowRun.Result result =
        new WorkflowRun(dir, Map.of("MLFLOW_TRACKING_URI", uri))
            .run(WorkflowRun.workflow(name, ""));
    TrialInfo ticket = stored(result).get(0).info();
    Path plot =
        Files.write(dir.resolve("accuracy.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});

    MlflowTracker tracker = new MlflowTracker(new MlflowSettings(uri, null, null, 5), k -> null);
    try (TrialTracker t = tracker.reopenTrial(ticket)) {
      t.artifact(plot);
    }
    assertThat(tracker.undelivered()).isEmpty();
    MlflowRest rest = new MlflowRest(uri);
    MlflowRest.Run run =
        rest.runs(rest.experimentId(name)).stream()
            .filter(r -> "trial".equals(r.tag(Tags.RUN)) && ticket.key().equals(r.tag(Tags.KEY)))
            .findFirst()
            .orElseThrow();
    assertThat(run.status()).isEqualTo("FINISHED");
    assertThat(rest.artifacts(run.id(), "report"))
        .containsExactly(Map.entry("report/accuracy.png", 7L));
  }

  @Test
  void filesForATrialThatRanWithoutTrackingAskForASyncFirst() throws Exception {
    String name = unique("untracked");
    WorkflowRun.Result result = new WorkflowRun(dir, Map.of()).run(WorkflowRun.workflow(name, ""));
    TrialInfo ticket = stored(result).get(0).info();
    MlflowTracker tracker =
        new MlflowTracker(new MlflowSettings("http://127.0.0.1:1", null, null, 1), k -> null);
    try (TrialTracker t = tracker.reopenTrial(ticket)) {
      t.artifact(dir.resolve("accuracy.png"));
    }
    assertThat(tracker.undelivered())
        .contains(ticket.key() + ": ran without tracking")
        .contains("fraction mlflow sync " + result.runDir().toAbsolutePath());
    assertThat(Files.readAllLines(ticket.directory().resolve(Journal.FILE))).isEmpty();
  }
}

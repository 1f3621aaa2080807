package org.fraction.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.results.StoredRunsReader;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.engine.train.TrialObserver;
import org.fraction.spi.tracking.RoundSummary;
import org.fraction.spi.tracking.TrialInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server is killed mid-run and started again while training goes on: the calls made meanwhile
 * wait in the journal and arrive afterwards, and every metric point is there exactly once. Then it
 * loses its database, and a sync sends everything again.
 */
class ServerRestartTest {

  @TempDir Path dir;

  @Test
  void aServerRestartMidRunLosesNothingAndDuplicatesNothing() throws Exception {
    try (LocalServer server =
        new LocalServer(Servers.command(), dir.resolve("server"), Servers.freePort())) {
      server.start();
      AtomicInteger waiting = new AtomicInteger(-1);
      Path[] journal = new Path[1];
      TrialObserver outage =
          new TrialObserver() {
            @Override
            public void roundFinished(TrialInfo trial, RoundSummary summary, Path roundFile) {
              if (!trial.control().isEmpty()) {
                return;
              }
              try {
                if (summary.round() == 0) {
                  server.kill();
                } else if (summary.round() == 1) {
                  journal[0] = trial.directory();
                  waiting.set(undeliveredCalls(trial.directory(), server.uri()));
                  server.start();
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
          };
      String name = "restart";
      WorkflowRun.Result result =
          new WorkflowRun(dir.resolve("work"), Map.of("MLFLOW_TRACKING_URI", server.uri()))
              .run(WorkflowRun.workflow(name, ""), List.of(outage));

      assertThat(waiting.get())
          .as("calls waiting in the journal while the server was away")
          .isGreaterThan(5);
      assertThat(result.undelivered()).isEmpty();
      assertThat(undeliveredCalls(journal[0], server.uri())).isZero();
      var trials =
          new StoredRunsReader(
                  new WorkflowLoader(
                      Plugins.of(
                          List.of(new TestPlugin(), new MlflowPlugin()),
                          getClass().getClassLoader()),
                      k -> null))
              .read(result.runDir());
      List<MlflowRest.Run> runs = ServerView.matches(new MlflowRest(server.uri()), name, trials);
      assertThat(runs).hasSize(2 + 3 + 2);

      // the server comes back with an empty database: a sync finds its runs gone and sends
      // everything again
      server.kill();
      Files.delete(dir.resolve("server").resolve("mlflow.db"));
      server.start();
      WorkflowRun.Sync sync =
          new WorkflowRun(dir.resolve("work"), Map.of()).sync("sync", result.runDir().toString());
      assertThat(sync.code()).as(sync.out() + sync.err()).isZero();
      assertThat(sync.out()).contains("-> " + server.uri());
      ServerView.matches(new MlflowRest(server.uri()), name, trials);
    }
  }

  /** Journal lines the ledger does not count as delivered to the server. */
  static int undeliveredCalls(Path trialDir, String uri) throws Exception {
    long lines =
        Files.readAllLines(trialDir.resolve(Journal.FILE)).stream()
            .filter(l -> !l.isBlank())
            .count();
    Path state = trialDir.resolve(Ledger.FILE);
    int delivered = 0;
    if (Files.exists(state)) {
      var node = Json.MAPPER.readTree(state.toFile()).path(Ledger.destination(uri, "restart"));
      delivered = node.path("delivered").asInt(0);
    }
    return (int) (lines - delivered);
  }
}

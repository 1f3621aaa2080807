package org.fraction.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fraction.engine.executor.ExecutionContext;
import org.fraction.engine.executor.LocalExecutor;
import org.fraction.engine.inject.Composition;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.plugin.LoadedPlugins;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.train.TrialObserver;
import org.fraction.engine.train.TrialRunner;
import org.fraction.spark.testing.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-trial workflow on a real standalone cluster (Master, Worker and executor JVMs on the
 * loopback interface) that loses an executor mid-run, against a local run with the same seed. Runs
 * after {@code package}: executors load the shaded application jar, as on a real cluster.
 */
class StandaloneClusterIT {

  @TempDir Path dir;

  @Test
  void aLostExecutorsTrialResumesElsewhereAndTheResultsEqualALocalRun() throws Exception {
    Path target = Path.of(System.getProperty("build.directory"));
    Path appJar = Path.of(System.getProperty("app.jar"));
    assertThat(ApplicationJar.isApplicationJar(appJar))
        .as(appJar + " is the application jar")
        .isTrue();
    Path plugins = PluginJar.build(dir.resolve("plugins"));
    Path workflow = Workflows.twoTrials(dir, "cluster", 8_000, 2, 3, dir.resolve("events"));
    WorkflowPlan plan =
        new WorkflowLoader(Plugins.load(List.of(plugins))).load(workflow, List.of());
    assertThat(plan.trials()).hasSize(2);
    RunStore clusterStore = new RunStore(dir.resolve("cluster-runs"));

    try (LoopbackCluster cluster =
        LoopbackCluster.start(
            dir.resolve("cluster"),
            SparkInstallation.classPath(target),
            SparkInstallation.jvmOptions(target),
            2,
            "2g",
            System.getProperty("scala.binary.version"))) {
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("spark.master", cluster.url());
      settings.put("spark.jars", appJar.toString());
      settings.put("spark.executor.cores", "1");
      settings.put("spark.cores.max", "2");
      settings.put("spark.executor.memory", "768m");
      settings.put("spark.task.maxFailures", "4");
      // Both executors first, so that the two trials run side by side from the start.
      settings.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
      settings.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

      AtomicReference<String> killed = new AtomicReference<>();
      Thread killer =
          new Thread(
              () -> killed.set(killAnExecutorWithinATrial(cluster, clusterStore, plan, printed)));
      killer.setDaemon(true);
      killer.start();
      List<TrialRunner.Outcome> outcomes;
      try {
        outcomes =
            new SparkTrialExecutor(settings)
                .execute(
                    plan,
                    new ExecutionContext(
                        clusterStore, List.of(plugins), t -> new TrialObserver() {}, out, out));
      } catch (Exception e) {
        throw new AssertionError(
            printed.toString(StandardCharsets.UTF_8) + "\n" + cluster.logs(), e);
      }
      killer.join(5_000);
      String log = printed.toString(StandardCharsets.UTF_8);
      System.out.println(log + killed.get());
      assertThat(killed.get()).as(log + "\n" + cluster.logs()).startsWith("killed");
      assertThat(outcomes).hasSize(2);
      // The lost executor's trial ran again and kept the rounds it had finished.
      assertThat(log)
          .as(log)
          .containsPattern("trial \\w+: attempt \\d+ on .* ended: ExecutorLostFailure");
      assertThat(log)
          .as(log)
          .containsPattern(
              "trial \\w+: attempt [2-9] on .* resumed it \\([1-9]\\d* round\\(s\\) already"
                  + " complete");
    }

    // The same trials in this JVM, with the executors' native thread count (spark.task.cpus = 1).
    NativeRuntime.threads(1);
    RunStore localStore = new RunStore(dir.resolve("local-runs"));
    Composition.create(LoadedPlugins.load(List.of()), List.of(), List.of())
        .getInstance(LocalExecutor.class)
        .execute(plan, new ExecutionContext(localStore, List.of(), t -> new TrialObserver() {}));
    assertThat(Results.withoutSeconds(clusterStore.workflowDirectory("cluster")))
        .hasSize(1 + 2 * 4)
        .isEqualTo(Results.withoutSeconds(localStore.workflowDirectory("cluster")));
  }

  private static final Pattern STARTED =
      Pattern.compile("trial (\\w+): started on \\S+ executor (\\d+)");

  /**
   * Waits until a trial has its dense round on disk but not its last round, then kills the executor
   * JVM that runs it (found from the driver's "started on" lines).
   */
  private static String killAnExecutorWithinATrial(
      LoopbackCluster cluster,
      RunStore store,
      WorkflowPlan plan,
      ByteArrayOutputStream driverLines) {
    long deadline = System.nanoTime() + 240_000_000_000L;
    try {
      while (System.nanoTime() < deadline) {
        Map<String, String> executorOf = new LinkedHashMap<>();
        Matcher m = STARTED.matcher(driverLines.toString(StandardCharsets.UTF_8));
        while (m.find()) {
          executorOf.put(m.group(1), m.group(2));
        }
        for (Trial trial : plan.trials()) {
          var dir = store.trial(plan.name(), trial.id());
          String executor = executorOf.get(trial.id());
          if (executor != null && dir.hasRound(0) && !dir.hasRound(trial.settings().rounds())) {
            var process = cluster.executor(executor);
            if (process.isPresent()) {
              process.get().destroyForcibly();
              return "killed executor "
                  + executor
                  + " (process "
                  + process.get().pid()
                  + ") during trial "
                  + trial.id();
            }
          }
        }
        Thread.sleep(100);
      }
      return "timed out";
    } catch (InterruptedException e) {
      return "interrupted";
    }
  }
}

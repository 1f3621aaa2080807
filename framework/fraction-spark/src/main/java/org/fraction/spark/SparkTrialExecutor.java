package org.fraction.spark;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkException;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.fraction.engine.executor.ExecutionContext;
import org.fraction.engine.executor.TrialExecutor;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.train.TrialRunner;

/**
 * Runs a workflow's trials on Apache Spark: one trial is one task of one job, in a partition of its
 * own. Each task runs its trial with {@link TrialTaskRunner} and writes the trial's round files
 * into the run store, which every executor must see at the same path; a task that fails or whose
 * executor is lost is run again by Spark and resumes from the trial's last complete round. The
 * driver collects a small {@link TrialResult} per trial.
 *
 * <p>Spark settings come from {@code spark.*} Java system properties (spark-submit sets them; with
 * {@code ./fraction}, pass {@code -Dspark.executor.memory=8g} in {@code FRACTION_JAVA_OPTS}) and
 * from the settings given here, which win.
 */
public final class SparkTrialExecutor implements TrialExecutor {

  /** Environment variables forwarded to executors unless the configuration sets them. */
  static final List<String> FORWARDED_PREFIXES = List.of("FRACTION_", "MLFLOW_");

  private final Map<String, String> settings;

  /**
   * @param settings Spark settings that override the system properties; {@code spark.master} must
   *     be set here or there
   */
  public SparkTrialExecutor(Map<String, String> settings) {
    this.settings = Map.copyOf(settings);
  }

  @Override
  public List<TrialRunner.Outcome> execute(WorkflowPlan plan, ExecutionContext context)
      throws Exception {
    PrintStream out = context.out();
    PrintStream err = context.err();
    SparkConf conf = conf(plan.name());
    Path root = context.store().root().toAbsolutePath().normalize();
    Path marker = SharedStore.mark(root.resolve(plan.name()));
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      List<String> jars = ship(sc, context.pluginJars());
      List<TrialTask> tasks = new ArrayList<>();
      for (Trial trial : plan.trials()) {
        tasks.add(
            new TrialTask(
                plan.name(),
                trial.id(),
                trial.document(),
                trial.choices(),
                root.toString(),
                marker.toString(),
                jars));
      }
      List<String> ids = tasks.stream().map(TrialTask::trialId).toList();
      sc.sc().addSparkListener(new TaskProgress(out, ids));
      sc.setJobDescription(plan.name() + ": " + tasks.size() + " trials");
      out.println(
          "spark: "
              + tasks.size()
              + " tasks on "
              + sc.master()
              + " ("
              + conf.getInt("spark.task.cpus", 1)
              + " native thread(s) per task)");
      List<TrialResult> results;
      try {
        results = sc.parallelize(tasks, tasks.size()).map(new RunTrial()).collect();
      } catch (Exception e) {
        throw e instanceof SparkException ? new TrialTaskException(describe(e, ids), e) : e;
      }
      List<TrialRunner.Outcome> outcomes = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        TrialResult r = results.get(i);
        out.printf(
            Locale.ROOT,
            "trial %s: its executor's resident memory reached %s%n",
            r.trialId(),
            mib(r.processBytes()));
        if (r.attempt() > 0 || r.roundsSkipped() > 0 || r.epochsResumed() > 0) {
          out.printf(
              Locale.ROOT,
              "trial %s: attempt %d on %s resumed it (%d round(s) already complete, %d epoch(s)"
                  + " from checkpoints)%n",
              r.trialId(),
              r.attempt() + 1,
              r.executor(),
              r.roundsSkipped(),
              r.epochsResumed());
        }
        r.undelivered()
            .forEach(u -> err.println("not delivered yet (trial " + r.trialId() + "): " + u));
        outcomes.add(new TrialRunner.Outcome(plan.trials().get(i), r.summaries()));
      }
      return outcomes;
    } finally {
      Files.deleteIfExists(marker);
    }
  }

  private static String mib(long bytes) {
    return bytes <= 0 ? "n/a" : (bytes + (1 << 19)) / (1 << 20) + " MiB";
  }

  /** The Spark configuration of a run. */
  SparkConf conf(String workflow) {
    SparkConf conf = new SparkConf(true);
    settings.forEach(conf::set);
    if (!conf.contains("spark.master")) {
      throw new IllegalArgumentException(
          "no Spark master: give --master URL, or run through spark-submit");
    }
    conf.setIfMissing("spark.app.name", "fraction " + workflow);
    if (conf.get("spark.master").startsWith("local")) {
      // Everything runs in this JVM: nothing to serve beyond this machine.
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    // Native threads per task: the task's CPUs, in executor JVMs from their start.
    conf.setIfMissing(
        "spark.executorEnv.OMP_NUM_THREADS", Integer.toString(conf.getInt("spark.task.cpus", 1)));
    for (Map.Entry<String, String> e : System.getenv().entrySet()) {
      if (FORWARDED_PREFIXES.stream().anyMatch(e.getKey()::startsWith)) {
        conf.setIfMissing("spark.executorEnv." + e.getKey(), e.getValue());
      }
    }
    // A trial is one long task holding its directory's lock: a speculative copy could only fail.
    conf.set("spark.speculation", "false");
    return conf;
  }

  /** Ships the plugin jars with the job; tasks find them by file name. */
  private static List<String> ship(JavaSparkContext sc, List<Path> jars) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Path jar : jars) {
      String name = jar.getFileName().toString();
      if (!seen.add(name)) {
        throw new IllegalArgumentException("two plugin jars are named " + name + "; rename one");
      }
      sc.addFile(jar.toAbsolutePath().toString());
      names.add(name);
    }
    return names;
  }

  private static final Pattern FAILURE =
      Pattern.compile(
          "Task (\\d+) in stage \\S+ failed (\\d+) times?, most recent failure: Lost task \\S+ in"
              + " stage \\S+ \\(TID \\d+\\) \\((.*?)\\): (.*)");

  /** Spark's job failure in one line: which trial, how often, where, and the task's own error. */
  static String describe(Throwable e, List<String> trialIds) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    String first = message.lines().findFirst().orElse(message);
    Matcher m = FAILURE.matcher(first);
    if (!m.find()) {
      return "the Spark job failed: " + first;
    }
    int index = Integer.parseInt(m.group(1));
    String trial = index < trialIds.size() ? trialIds.get(index) : "#" + index;
    String cause =
        m.group(4).replaceFirst("^org\\.fraction\\.spark\\.SharedStore\\$RunStoreException: ", "");
    int times = Integer.parseInt(m.group(2));
    return "trial "
        + trial
        + " failed "
        + (times == 1 ? "once" : times + " times")
        + ", last on "
        + m.group(3)
        + ": "
        + cause
        + "\nrun the same command again to resume from the trials' last complete rounds";
  }

  /** The task function: runs one trial in the executor it lands on. */
  static final class RunTrial implements Function<TrialTask, TrialResult> {
    private static final long serialVersionUID = 1L;

    @Override
    public TrialResult call(TrialTask task) throws Exception {
      TaskContext ctx = TaskContext.get();
      List<Path> jars =
          task.pluginJars().stream().map(name -> Path.of(SparkFiles.get(name))).toList();
      SparkEnv env = SparkEnv.get();
      return TrialTaskRunner.run(
          task,
          jars,
          ctx.cpus(),
          env.blockManager().blockManagerId().host() + " executor " + env.executorId(),
          ctx.attemptNumber());
    }
  }

  /** A trial task failed as many times as Spark allows. */
  public static final class TrialTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TrialTaskException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

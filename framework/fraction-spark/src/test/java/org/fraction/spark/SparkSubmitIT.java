package org.fraction.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fraction.spark.testing.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar under spark-submit: SparkSubmit, started from a Spark installation's jars,
 * loads the jar and runs its main class, which runs the command line with {@code run} on Spark.
 */
class SparkSubmitIT {

  @TempDir Path dir;

  @Test
  void theApplicationJarRunsAWorkflowUnderSparkSubmit() throws Exception {
    Path target = Path.of(System.getProperty("build.directory"));
    Path appJar = Path.of(System.getProperty("app.jar"));
    Path plugins = PluginJar.build(dir.resolve("plugins"));
    Path workflow = Workflows.twoTrials(dir, "submitted", 1000, 2, 2, dir.resolve("events"));

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(SparkInstallation.jvmOptions(target));
    command.addAll(
        List.of(
            "-cp",
            SparkInstallation.classPath(target),
            "org.apache.spark.deploy.SparkSubmit",
            "--master",
            "local[2]",
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.driver.host=127.0.0.1",
            "--class",
            "org.fraction.spark.SparkMain",
            appJar.toString(),
            "run",
            workflow.toString(),
            "--plugins",
            plugins.toString(),
            "--out",
            dir.resolve("runs").toString()));
    Path log = dir.resolve("submit.log");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("OMP_NUM_THREADS", "1");
    Process submit = pb.start();
    if (!submit.waitFor(5, TimeUnit.MINUTES)) {
      submit.destroyForcibly();
      throw new AssertionError("spark-submit did not end:\n" + Files.readString(log));
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(submit.exitValue()).as(out).isZero();
    assertThat(out).contains("spark: 2 tasks on local[2]");

    // The same workflow through the command line in this JVM, one native thread as in the tasks.
    NativeRuntime.threads(1);
    CliRun local =
        CliRun.of(
            "run",
            workflow.toString(),
            "--plugins",
            plugins.toString(),
            "--out",
            dir.resolve("local").toString());
    assertThat(local.code()).as(local.err()).isZero();
    assertThat(Results.withoutSeconds(dir.resolve("runs/submitted")))
        .hasSize(1 + 2 * 3)
        .isEqualTo(Results.withoutSeconds(dir.resolve("local/submitted")));
  }
}

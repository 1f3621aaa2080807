package org.fraction.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fraction.engine.executor.TrialExecutorProvider;
import org.fraction.engine.inject.Composition;
import org.fraction.engine.plugin.LoadedPlugins;
import org.fraction.spark.testing.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad --executor spark arguments are bad input: exit code 2 before anything runs. */
class SparkExecutorOptionsTest {

  @TempDir Path dir;

  private CliRun run(String... extra) throws Exception {
    Path jar = PluginJar.build(dir.resolve("plugins"));
    Path workflow = Workflows.twoTrials(dir, "options", 100, 1, 1, dir.resolve("events"));
    String[] args = new String[6 + extra.length];
    System.arraycopy(
        new String[] {
          "run",
          workflow.toString(),
          "--plugins",
          jar.toString(),
          "--out",
          dir.resolve("runs").toString()
        },
        0,
        args,
        0,
        6);
    System.arraycopy(extra, 0, args, 6, extra.length);
    return CliRun.of(args);
  }

  @Test
  void theSparkExecutorIsFoundAndNeedsAMaster() throws Exception {
    CliRun r = run("--executor", "spark");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "--executor spark needs --master URL: local[N], spark://HOST:7077, yarn or k8s://");
    assertThat(dir.resolve("runs")).doesNotExist();
  }

  @Test
  void aMasterThatIsNoSparkUrlIsRefused() throws Exception {
    CliRun r = run("--executor", "spark", "--master", "localhost:7077");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--master localhost:7077: not a Spark master URL");
  }

  @Test
  void aClusterMasterNeedsTheApplicationJar() throws Exception {
    CliRun r = run("--executor", "spark", "--master", "spark://127.0.0.1:1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("the executors need the application jar; build it with");
  }

  @Test
  void yarnAndKubernetesNeedSparkSubmitFromAnInstallationThatSupportsThem() throws Exception {
    CliRun r = run("--executor", "spark", "--master", "yarn");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "--master yarn: this class path has no Spark support for yarn; submit the application"
                + " jar with spark-submit");
    assertThat(run("--executor", "spark", "--master", "k8s://https://127.0.0.1:6443").err())
        .contains("no Spark support for k8s://");
  }

  @Test
  void unknownExecutorsListTheKnownOnes() throws Exception {
    CliRun r = run("--executor", "sprak", "--master", "local[2]");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown executor 'sprak'").contains("known: local, spark");
  }

  @Test
  void masterUrlsOfEveryClusterManagerAreAccepted() {
    SparkExecutorProvider provider = new SparkExecutorProvider();
    assertThat(provider.create(Map.of("master", "local[2]")))
        .isInstanceOf(SparkTrialExecutor.class);
    assertThat(provider.create(Map.of("master", "local[*]")))
        .isInstanceOf(SparkTrialExecutor.class);
    assertThat(provider.create(Map.of("master", "local[2,3]")))
        .isInstanceOf(SparkTrialExecutor.class);
    assertThatThrownBy(() -> provider.create(Map.of("master", "local[two]")))
        .hasMessageContaining("not a Spark master URL");
    assertThatThrownBy(() -> provider.create(Map.of("master", "local[2]", "cores", "4")))
        .hasMessage("the spark executor has no option 'cores'");
  }

  @Test
  void theSparkModuleAddsItsExecutorToTheProcessInjector() {
    Injector injector = Composition.create(LoadedPlugins.load(List.of()), List.of(), List.of());
    assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<TrialExecutorProvider>>() {})))
        .extracting(TrialExecutorProvider::name)
        .containsExactly("local", "spark");
  }
}

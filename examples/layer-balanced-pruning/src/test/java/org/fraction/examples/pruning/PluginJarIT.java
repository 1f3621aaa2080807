package org.fraction.examples.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jhdf.HdfFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.fraction.engine.testing.RealData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plugin, built as its own jar, is loaded by the command line with --plugins and prunes
 * a real run; without the jar the type is unknown.
 */
class PluginJarIT {

  @TempDir Path dir;

  @Test
  void aWorkflowNamingTheCustomStrategyRunsWithTheJar() throws Exception {
    Path jar = Path.of(System.getProperty("plugin.jar"));
    assertThat(jar).isRegularFile();
    Path workflow = dir.resolve("custom.yaml");
    Files.writeString(
        workflow,
        """
        name: custom
        seed: 4
        dataset: {type: mnist}
        model: {type: lenet-300-100}
        training: {epochs: 1, batch-size: 60, optimizer: {type: adam, lr: 1.2e-3}}
        pruning: {type: layer-balanced-magnitude, min-density: 0.2, keep: 0.15, rounds: 1}
        """);

    Result without = fraction("validate", workflow.toString());
    assertThat(without.code).isEqualTo(2);
    assertThat(without.output).contains("unknown pruning type 'layer-balanced-magnitude'");

    Result listed = fraction("plugins", "--plugins", jar.toString());
    assertThat(listed.output).contains("layer-balanced-magnitude").contains("[layer-balanced]");

    // the floors (20% of each layer) ask for more than keep 0.15: the plan states them, as the run
    // keeps them
    Result plan = fraction("plan", workflow.toString(), "--plugins", jar.toString());
    assertThat(plan.code).as(plan.output).isZero();
    assertThat(plan.output).containsPattern("\\n\\s+1\\s+20\\.00%\\s+20\\.00%\\s+53,240\\s");
    assertThat(fraction("validate", workflow.toString(), "--plugins", jar.toString()).code)
        .isZero();

    Path out = dir.resolve("runs");
    Result run =
        fraction("run", workflow.toString(), "--plugins", jar.toString(), "--out", out.toString());
    assertThat(run.code).as(run.output).isZero();

    Path trial =
        Files.list(out.resolve("custom")).filter(Files::isDirectory).findFirst().orElseThrow();
    try (HdfFile h5 = new HdfFile(trial.resolve("round-1.h5"))) {
      assertThat(((Number) h5.getAttribute("density").getData()).doubleValue())
          .isCloseTo(0.2, within(1e-5));
      assertThat(h5.getAttribute("pruning").getData()).isEqualTo("layer-balanced-magnitude");
      long kept = 0;
      for (String layer : List.of("fc1", "fc2", "fc3")) {
        byte[] mask = (byte[]) h5.getDatasetByPath("/masks/" + layer + "/W").getDataFlat();
        double density = 0;
        for (byte b : mask) {
          density += b;
        }
        kept += (long) density;
        assertThat(density / mask.length)
            .as(layer + " keeps at least min-density")
            .isGreaterThanOrEqualTo(0.2 - 1e-6);
      }
      assertThat(kept).isEqualTo(53_240);
    }
  }

  record Result(int code, String output) {}

  /** The command line in a JVM that sees the application but not this module's classes. */
  Result fraction(String... args) throws Exception {
    String own = Path.of(System.getProperty("plugin.classes")).toAbsolutePath().toString();
    String ownJar = Path.of(System.getProperty("plugin.jar")).toAbsolutePath().toString();
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(
                p -> {
                  String abs = Path.of(p).toAbsolutePath().toString();
                  return !abs.equals(own) && !abs.equals(ownJar) && !abs.endsWith("test-classes");
                })
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "org.fraction.cli.Main"));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "fraction", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("FRACTION_DATA", dir.resolve("data").toString());
    pb.environment().put("FRACTION_DATA_MIRROR", RealData.requireMirror().toString());
    pb.environment().put("OMP_NUM_THREADS", "1");
    Process p = pb.start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    return new Result(p.exitValue(), Files.readString(log));
  }
}

package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fraction models} prints the parameter counts of Iqbal & Mishra's Table 1 and of the NLDL
 * 2024 poster, exactly.
 */
class ModelsCommandTest {

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new Cli(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static List<String> csv(String input, int classes) {
    Run r =
        run("models", "--input", input, "--classes", String.valueOf(classes), "--format", "csv");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("model,algebra,params");
    return lines;
  }

  @Test
  void lenetOnMnist() {
    assertThat(csv("28x28x1", 10))
        .contains("lenet-300-100,real,266610", "lenet-300-100,quaternion,67710");
  }

  @Test
  void convNetsOnCifar10() {
    assertThat(csv("32x32x3", 10))
        .contains(
            "conv-2,real,4301642", "conv-2,quaternion,1077962",
            "conv-4,real,2425930", "conv-4,quaternion,609226",
            "conv-6,real,2262602", "conv-6,quaternion,568778");
  }

  @Test
  void resnetsOnFourChannelImagesWithAThousandClasses() {
    assertThat(csv("32x32x4", 1000))
        .containsSubsequence(
            "resnet-18,real,11682408", "resnet-18,quaternion,2928552",
            "resnet-34,real,21790568", "resnet-34,quaternion,5461160",
            "resnet-50,real,25549928", "resnet-50,quaternion,6428072",
            "resnet-101,real,44542056", "resnet-101,quaternion,11215272",
            "resnet-152,real,60185704", "resnet-152,quaternion,15160744");
  }

  @Test
  void tableFormatGroupsDigitsAndListsPrunableWeights() {
    Run r = run("models", "--input", "28x28x1", "--classes", "10");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("28x28x1 images, 10 classes");
    assertThat(r.out().lines().filter(l -> l.startsWith("lenet-300-100")).toList())
        .containsExactly(
            "lenet-300-100  real             266,610       266,200",
            "lenet-300-100  quaternion        67,710        67,300");
  }

  @Test
  void modelsThatCannotTakeTheShapeAreNamedOnStandardError() {
    Run r = run("models", "--input", "32x32x3", "--classes", "10", "--format", "csv");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("resnet-18,real,").doesNotContain("resnet-18,quaternion");
    assertThat(r.err())
        .contains(
            "not listed: resnet-18 (quaternion): a quaternion classifier head needs a class count"
                + " divisible by 4");
  }

  @Test
  void badArgumentsExitWithTwo() {
    assertThat(run("models", "--input", "32x32", "--classes", "10").code()).isEqualTo(2);
    assertThat(run("models", "--input", "32x32x3", "--classes", "one").err()).contains("--classes");
    assertThat(run("models", "--input", "32x32x3", "--classes", "10", "--format", "xml").code())
        .isEqualTo(2);
    assertThat(run("models", "--classes", "10").err())
        .contains("--input and --classes are required");
  }

  /**
   * Counting allocates no parameters: billions of weights are counted in a JVM whose heap and
   * native memory are both capped far below their size. The real counts are worked out by hand
   * (same-padded 3x3 convolutions, one 2x2 pooling per pair, dense 256, 256, classifier).
   */
  @Test
  void hugeInputsAreCountedWithoutAllocatingTheParameters(@TempDir Path dir) throws Exception {
    long pixels = 4096L * 4096 * 3;
    long lenet = pixels * 300 + 300 + 300 * 100 + 100 + 100 * 1000 + 1000;
    long conv2 =
        3 * 3 * 3 * 64
            + 64
            + 3 * 3 * 64 * 64
            + 64
            + 2048L * 2048 * 64 * 256
            + 256
            + 256 * 256
            + 256
            + 256 * 1000
            + 1000;
    Path log = dir.resolve("models.log");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dorg.bytedeco.javacpp.maxbytes=256m",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=2g",
                "-cp",
                System.getProperty("java.class.path"),
                "org.fraction.cli.Main",
                "models",
                "--input",
                "4096x4096x3",
                "--classes",
                "1000",
                "--format",
                "csv")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String out = Files.readString(log);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.lines()).contains("lenet-300-100,real," + lenet, "conv-2,real," + conv2);
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("no JVM crash file")
          .noneMatch(n -> n.startsWith("hs_err"));
    }
  }
}

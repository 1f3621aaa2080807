package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every ready workflow file under workflows/ (the quickstart, the measured runs, the papers'
 * experiments) validates and plans, so that none of them goes stale as keys and plugins change.
 * Planning reads no data files, so this needs none of the data sets.
 */
class WorkflowFilesTest {

  static final Path WORKFLOWS = Path.of("../../workflows");
  static final Pattern TRIALS = Pattern.compile(": ok, (\\d+) trials?");

  static List<Path> workflowFiles() throws IOException {
    try (Stream<Path> files = Files.walk(WORKFLOWS)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  @Test
  void thePapersExperimentsAreThere() throws IOException {
    List<String> papers =
        workflowFiles().stream()
            .filter(f -> f.getParent().endsWith("papers"))
            .map(f -> f.getFileName().toString())
            .toList();
    List<String> expected =
        new ArrayList<>(
            List.of(
                "iqbal2023-lenet300-mnist.yaml",
                "iqbal2023-conv2-cifar10.yaml",
                "iqbal2023-conv4-cifar10.yaml",
                "iqbal2023-conv6-cifar10.yaml",
                "iqbal2023-conv4-cifar100.yaml",
                "iqbal2023-conv6-cifar100.yaml",
                "iqbal2023-resnet18-cifar10.yaml"));
    for (int depth : new int[] {18, 34, 50, 101, 152}) {
      expected.add("mukhopadhyay2024-resnet" + depth + "-cifar100.yaml");
      expected.add("mukhopadhyay2024-resnet" + depth + "-imagenet64.yaml");
    }
    assertThat(papers).containsExactlyInAnyOrderElementsOf(expected);
  }

  @TestFactory
  Stream<DynamicTest> everyWorkflowValidatesAndPlans() throws IOException {
    return workflowFiles().stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    WORKFLOWS.relativize(f).toString(),
                    () -> {
                      CliRun validate = CliRun.of("validate", f.toString());
                      assertThat(validate.code()).as(validate.err()).isZero();
                      Matcher m = TRIALS.matcher(validate.out());
                      assertThat(m.find()).as(validate.out()).isTrue();
                      int trials = Integer.parseInt(m.group(1));

                      CliRun plan = CliRun.of("plan", f.toString());
                      assertThat(plan.code()).as(plan.err()).isZero();
                      assertThat(plan.out().lines().filter(l -> l.startsWith("trial ")).count())
                          .as(plan.out())
                          .isEqualTo(trials);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> everyPaperWorkflowOpensWithItsComment() throws IOException {
    return workflowFiles().stream()
        .filter(f -> f.getParent().endsWith("papers"))
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.getFileName().toString(),
                    () -> {
                      String text = Files.readString(f);
                      assertThat(text).startsWith("# Reproduces ");
                      assertThat(text).contains("Published numbers").contains("GPU");
                    }));
  }
}

package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflows that ask for more than can be meant are refused at validate time, naming the key. */
class OversizedWorkflowTest {

  @TempDir Path dir;

  Path workflow(String text) throws IOException {
    return Files.writeString(dir.resolve("big.yaml"), text);
  }

  static String list(int n) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(Integer::toString)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  @Test
  void aMatrixOfAMillionTrialsIsRefusedBeforeItIsExpanded() throws IOException {
    Path f =
        workflow(
            BadInputTest.QUICK
                + "matrix:\n  seed: "
                + list(1000)
                + "\n  training.epochs: "
                + list(1000)
                + "\n");
    CliRun r = CliRun.of("validate", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            f
                + ":13:1: matrix: makes 1,000,000 trials, more than the limit of 10,000; allow more"
                + " with --max-trials N")
        .doesNotContain("\tat ");
  }

  @Test
  void maxTrialsRaisesOrLowersTheLimit() throws IOException {
    Path f =
        workflow(
            BadInputTest.QUICK
                + "matrix:\n  seed: "
                + list(3)
                + "\n  training.epochs: "
                + list(4)
                + "\n");
    CliRun low = CliRun.of("plan", f.toString(), "--max-trials", "10");
    assertThat(low.code()).isEqualTo(2);
    assertThat(low.err()).contains(f + ":13:1: matrix: makes 12 trials, more than the limit of 10");
    CliRun enough = CliRun.of("validate", f.toString(), "--max-trials", "12");
    assertThat(enough.code()).as(enough.err()).isZero();
    assertThat(enough.out()).contains("ok, 12 trials");
    CliRun bad = CliRun.of("validate", f.toString(), "--max-trials", "0");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--max-trials must be a whole number of at least 1, got '0'");
  }

  @Test
  void aBatchLargerThanTheTrainingSplitIsRefusedByValidateAndPlan() throws IOException {
    for (String batch : new String[] {"1000000000", "2000000"}) {
      Path f = workflow(BadInputTest.QUICK.replace("batch-size: 60", "batch-size: " + batch));
      for (String command : new String[] {"validate", "plan"}) {
        CliRun r = CliRun.of(command, f.toString());
        assertThat(r.code()).as(command + " " + batch).isEqualTo(2);
        assertThat(r.err())
            .contains(
                f
                    + ":7:15: training.batch-size: "
                    + String.format(java.util.Locale.ROOT, "%,d", Long.parseLong(batch))
                    + " is more than the 60,000 images of mnist's training split")
            .doesNotContain("\tat ");
      }
    }
  }
}

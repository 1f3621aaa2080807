package org.fraction.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A run's stored results as CSV lines, without the column that may differ between equal runs. */
final class Results {

  private Results() {}

  /** {@code fraction results DIR --format csv} without the {@code seconds} column. */
  static List<String> withoutSeconds(Path runDir) {
    CliRun results = CliRun.of("results", runDir.toString(), "--format", "csv");
    assertThat(results.code()).as(results.err()).isZero();
    String[] csv = results.out().strip().split("\n");
    int seconds = List.of(csv[0].split(",", -1)).indexOf("seconds");
    assertThat(seconds).isPositive();
    List<String> lines = new ArrayList<>();
    for (String line : csv) {
      List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
      cells.remove(seconds);
      lines.add(String.join(",", cells));
    }
    return lines;
  }
}

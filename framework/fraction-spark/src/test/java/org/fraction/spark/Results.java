package org.fraction.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A run's stored results as CSV lines, without the column that may differ between equal runs. */
final class Results {

  private Results() {}

  /** {@code fraction results DIR --format csv} without the trailing {@code seconds} column. */
  static List<String> withoutSeconds(Path runDir) {
    CliRun results = CliRun.of("results", runDir.toString(), "--format", "csv");
    assertThat(results.code()).as(results.err()).isZero();
    List<String> lines = new ArrayList<>();
    for (String line : results.out().strip().split("\n")) {
      lines.add(line.substring(0, line.lastIndexOf(',')));
    }
    assertThat(lines.get(0)).endsWith(",epochs");
    return lines;
  }
}

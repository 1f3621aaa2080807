package org.fraction.engine.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fraction.engine.results.ResultsFormat;
import org.fraction.engine.results.RunResults;

/**
 * A run directory's results as {@code results --format csv} prints them, for comparing two runs.
 */
final class StoredResults {

  private StoredResults() {}

  /**
   * The CSV without its seconds column (wall-clock time, the one number two equal runs do not
   * share).
   */
  static String withoutSeconds(Path runDir, List<String> warnings) throws IOException {
    int seconds = ResultsFormat.COLUMNS.indexOf("seconds");
    StringBuilder sb = new StringBuilder();
    for (String line :
        ResultsFormat.CSV.render(RunResults.read(runDir, warnings::add)).split("\n")) {
      List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
      cells.remove(seconds);
      sb.append(String.join(",", cells)).append('\n');
    }
    return sb.toString();
  }
}

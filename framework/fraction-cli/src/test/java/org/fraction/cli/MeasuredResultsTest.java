package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The write-up of the measured experiments (docs/results/README.md) quotes its tables from the
 * committed results CSVs: every table cell must equal the CSV it names, so the prose and the
 * measurements cannot drift apart.
 */
class MeasuredResultsTest {

  static final Path RESULTS = Path.of("../../docs/results");
  static final String CONTRACT_HEADER =
      "trial,control,algebra,round,density,density_vs_real,params_remaining,test_accuracy,best_test_accuracy";
  static final Pattern SOURCE = Pattern.compile("`([\\w.-]+/results\\.csv)`");
  static final Pattern COLUMN = Pattern.compile("(ticket|[a-z-]+)(?: seed (\\d+))?");

  @Test
  void everyMeasuredExperimentHasItsTableAndPlots() throws IOException {
    List<Path> csvs = resultFiles();
    assertThat(csvs).isNotEmpty();
    String writeUp = Files.readString(RESULTS.resolve("README.md"));
    for (Path csv : csvs) {
      assertThat(Files.readAllLines(csv).get(0)).startsWith(CONTRACT_HEADER);
      String name = csv.getParent().getFileName() + "/results.csv";
      assertThat(writeUp).as("the write-up quotes " + name).contains("`" + name + "`");
      for (String png :
          List.of("accuracy_vs_density.png", "layer_sparsity.png", "accuracy_per_epoch.png")) {
        assertThat(javax.imageio.ImageIO.read(csv.resolveSibling(png).toFile()))
            .as(csv.getParent() + "/" + png)
            .isNotNull();
      }
    }
  }

  @Test
  void everyTableOfTheWriteUpEqualsItsCsv() throws IOException {
    List<String> lines = Files.readAllLines(RESULTS.resolve("README.md"));
    String source = null;
    List<String> header = null;
    int cells = 0;
    for (String line : lines) {
      Matcher m = SOURCE.matcher(line);
      if (!line.startsWith("|") && m.find()) {
        source = m.group(1);
      }
      if (!line.startsWith("|")) {
        header = null;
        continue;
      }
      List<String> row = cells(line);
      if (row.size() >= 4
          && row.subList(0, 4).equals(List.of("algebra", "round", "density", "vs real"))) {
        assertThat(source)
            .as("a table needs the CSV it quotes named above it: " + line)
            .isNotNull();
        header = row;
        continue;
      }
      if (header == null || line.startsWith("|---")) {
        continue;
      }
      List<Map<String, String>> csv = readCsv(RESULTS.resolve(source));
      String algebra = row.get(0);
      String round = row.get(1);
      for (int c = 4; c < header.size(); c++) {
        Matcher col = COLUMN.matcher(header.get(c));
        assertThat(col.matches()).as("column " + header.get(c)).isTrue();
        String control = col.group(1).equals("ticket") ? "" : col.group(1);
        String seed = col.group(2);
        List<Map<String, String>> match =
            csv.stream()
                .filter(
                    r ->
                        r.get("algebra").equals(algebra)
                            && r.get("round").equals(round)
                            && r.get("control").equals(control)
                            && (seed == null || r.get("seed").equals(seed)))
                .toList();
        String cell = row.get(c);
        if (cell.isEmpty()) {
          assertThat(match).as(source + " " + line + " column " + header.get(c)).isEmpty();
          continue;
        }
        assertThat(match).as(source + " " + line + " column " + header.get(c)).hasSize(1);
        Map<String, String> r = match.get(0);
        assertThat(percent(cell))
            .as(source + ": " + line)
            .isCloseTo(Double.parseDouble(r.get("test_accuracy")), within(5e-5));
        assertThat(percent(row.get(2)))
            .as(source + ": " + line)
            .isCloseTo(Double.parseDouble(r.get("density")), within(5e-5));
        assertThat(percent(row.get(3)))
            .as(source + ": " + line)
            .isCloseTo(Double.parseDouble(r.get("density_vs_real")), within(5e-5));
        cells++;
      }
    }
    assertThat(cells).as("table cells checked").isGreaterThan(20);
  }

  static List<Path> resultFiles() throws IOException {
    try (Stream<Path> files = Files.walk(RESULTS, 2)) {
      return files.filter(f -> f.getFileName().toString().equals("results.csv")).sorted().toList();
    }
  }

  static List<String> cells(String line) {
    String inner = line.strip();
    inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
    List<String> out = new ArrayList<>();
    for (String cell : inner.split("\\|", -1)) {
      out.add(cell.strip());
    }
    return out;
  }

  static double percent(String cell) {
    return Double.parseDouble(cell.replace("%", "").strip()) / 100;
  }

  static List<Map<String, String>> readCsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String[] names = lines.get(0).split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] values = line.split(",", -1);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < names.length; i++) {
        row.put(names[i], values[i]);
      }
      rows.add(row);
    }
    return rows;
  }
}

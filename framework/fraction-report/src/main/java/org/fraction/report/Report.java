package org.fraction.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.fraction.engine.results.SeedAggregation;
import org.fraction.engine.results.SeedGroups;
import org.fraction.engine.results.Spread;

/**
 * Writes a run directory's report in one go: {@value #ACCURACY_VS_DENSITY}, {@value
 * #ACCURACY_PER_EPOCH}, {@value #LAYER_SPARSITY}, {@value #ACCURACY_OVER_SEEDS}, {@value #MARKDOWN}
 * and {@value #HTML}.
 */
public final class Report {

  public static final String ACCURACY_VS_DENSITY = "accuracy_vs_density.png";
  public static final String ACCURACY_PER_EPOCH = "accuracy_per_epoch.png";
  public static final String LAYER_SPARSITY = "layer_sparsity.png";
  public static final String ACCURACY_OVER_SEEDS = "accuracy_over_seeds.png";

  /** Written only when some trial has an instability analysis. */
  public static final String STABILITY_PATH = "stability_path.png";

  public static final String MARKDOWN = "report.md";
  public static final String HTML = "report.html";

  /** The files written, in the order above, and the trial whose training curves were drawn. */
  public record Written(List<Path> files, TrialReport curvesTrial) {}

  private Report() {}

  /**
   * Writes the report into {@code outDir}.
   *
   * @param curvesTrial the id (or a unique prefix) of the trial whose training curves to draw; null
   *     for the first trial
   * @throws IllegalArgumentException when {@code curvesTrial} names no single trial
   */
  public static Written write(RunReport report, Path outDir, String curvesTrial)
      throws IOException {
    return write(report, outDir, curvesTrial, Spread.Band.MIN_MAX);
  }

  /**
   * As above, with the band drawn around each seed group's mean in {@value #ACCURACY_OVER_SEEDS}.
   */
  public static Written write(RunReport report, Path outDir, String curvesTrial, Spread.Band band)
      throws IOException {
    TrialReport trial = chooseTrial(report, curvesTrial);
    Files.createDirectories(outDir);
    Charts charts = new Charts(report);
    Path accuracy = outDir.resolve(ACCURACY_VS_DENSITY);
    Path epochs = outDir.resolve(ACCURACY_PER_EPOCH);
    Path layers = outDir.resolve(LAYER_SPARSITY);
    charts.accuracyVsDensity(accuracy);
    charts.accuracyPerEpoch(epochs, trial);
    charts.layerSparsity(layers);
    List<SeedSeries> seeds =
        SeedSeries.of(
            SeedAggregation.of(
                report.series().stream()
                    .flatMap(s -> s.rounds().stream())
                    .map(RoundReport::row)
                    .toList(),
                SeedGroups.of(report.runDir())));
    Path overSeeds = outDir.resolve(ACCURACY_OVER_SEEDS);
    SeedCharts.draw(overSeeds, report.workflow(), seeds, band, Charts.logBase(report));
    List<StabilitySection.Analysis> analyses = StabilitySection.read(report);
    String sections = new SeedSection(seeds, band).render();
    List<Path> extra = new java.util.ArrayList<>(List.of(overSeeds));
    if (!analyses.isEmpty()) {
      Path path = outDir.resolve(STABILITY_PATH);
      StabilitySection.draw(path, report.workflow(), analyses);
      sections += StabilitySection.markdown(analyses);
      extra.add(path);
    }
    String markdown = new MarkdownReport(report, trial, sections).render();
    Path md = writeText(outDir.resolve(MARKDOWN), markdown);
    Path html =
        writeText(
            outDir.resolve(HTML),
            HtmlReport.render(report.workflow() + ": lottery-ticket report", markdown));
    List<Path> files = new java.util.ArrayList<>(List.of(accuracy, epochs, layers));
    files.addAll(extra);
    files.addAll(List.of(md, html));
    return new Written(files, trial);
  }

  /**
   * One line per ticket or control with unfinished rounds, e.g. {@code 3f2a91c0 ticket: rounds 4–5
   * missing (...)}.
   */
  public static List<String> missing(RunReport report) {
    List<String> out = new java.util.ArrayList<>();
    for (TrialReport t : report.trials()) {
      for (SeriesReport s : t.series()) {
        if (!s.complete()) {
          String progress =
              s.inProgress() < 0
                  ? ""
                  : " (round "
                      + s.inProgress()
                      + " in progress, "
                      + s.epochsInProgress()
                      + " of "
                      + t.trial().settings().training().epochs()
                      + " epochs saved)";
          out.add(
              t.id()
                  + " "
                  + (s.isTicket() ? MarkdownReport.TICKET : s.control())
                  + ": "
                  + (s.missing().size() == 1 ? "round " : "rounds ")
                  + MarkdownReport.ranges(s.missing())
                  + " missing"
                  + progress);
        }
      }
    }
    return out;
  }

  static TrialReport chooseTrial(RunReport report, String id) {
    if (id == null) {
      return report.trials().get(0);
    }
    List<TrialReport> matches =
        report.trials().stream().filter(t -> t.id().startsWith(id)).toList();
    if (matches.size() != 1) {
      throw new IllegalArgumentException(
          (matches.isEmpty() ? "no trial '" : "more than one trial starts with '")
              + id
              + "'; trials: "
              + String.join(", ", report.trials().stream().map(TrialReport::id).toList()));
    }
    return matches.get(0);
  }

  private static Path writeText(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }
}

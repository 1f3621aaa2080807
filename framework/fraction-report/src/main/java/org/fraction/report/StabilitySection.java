package org.fraction.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fraction.engine.store.StabilityFiles;
import org.fraction.engine.store.StabilityResult;
import org.fraction.engine.store.TrialDirectory;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's instability analyses: test error along each linear path, and the barriers. */
final class StabilitySection {

  static final int WIDTH = 1100;
  static final int HEIGHT = 750;

  /** One analysis with the trial it belongs to. */
  record Analysis(TrialReport trial, StabilityResult result) {

    String label() {
      return trial.algebra()
          + " ["
          + trial.id()
          + "] round "
          + result.round()
          + ", rewind "
          + result.rewind()
          + (result.recomputeBatchNorm() ? ", batch norm recomputed" : "");
    }
  }

  private StabilitySection() {}

  static List<Analysis> read(RunReport report) throws IOException {
    List<Analysis> out = new ArrayList<>();
    for (TrialReport t : report.trials()) {
      for (StabilityResult r : StabilityFiles.readAll(new TrialDirectory(t.directory()))) {
        out.add(new Analysis(t, r));
      }
    }
    return out;
  }

  static void draw(Path file, String workflow, List<Analysis> analyses) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = Charts.lineRenderer();
    List<Color> colours = Style.sequential(Math.max(1, analyses.size()));
    for (int i = 0; i < analyses.size(); i++) {
      Analysis a = analyses.get(i);
      XYSeries xy = new XYSeries(a.label(), false, true);
      for (int p = 0; p < a.result().points(); p++) {
        xy.add(a.result().alpha()[p], 100 * a.result().testError(p));
      }
      data.addSeries(xy);
      renderer.setSeriesPaint(
          i,
          a.trial().algebra().equals("quaternion")
              ? Style.algebra("quaternion", i)
              : colours.get(i));
      renderer.setSeriesStroke(i, Style.line(""));
      renderer.setSeriesShape(i, Style.marker(""));
    }
    NumberAxis alpha = new NumberAxis("Interpolation α (0: first copy, 1: second copy)");
    alpha.setRange(-0.02, 1.02);
    Charts.styleAxis(alpha);
    NumberAxis error = new NumberAxis("Test error (%)");
    error.setAutoRangeIncludesZero(false);
    Charts.styleAxis(error);
    XYPlot plot = new XYPlot(data, alpha, error, renderer);
    Charts.stylePlot(plot);
    Charts.writeSingle(
        file,
        WIDTH,
        HEIGHT,
        plot,
        workflow + ": test error along the linear path between two copies",
        "each copy trained from the rewind point under the round's mask with its own data order");
  }

  static String markdown(List<Analysis> analyses) {
    StringBuilder md = new StringBuilder("## Instability analysis\n\n");
    md.append("![Test error along the linear path between two copies](")
        .append(Report.STABILITY_PATH)
        .append(")\n\n");
    md.append(
        "Two copies of the round's subnetwork trained from the rewind point with different data"
            + " orders; the error barrier is the highest test error on the straight line between"
            + " them less the mean of the end points' errors (Frankle et al. 2020: a ticket is"
            + " stable when it is near zero). `fraction stability` measures one.\n\n");
    md.append(
        "| trial | algebra | round | rewind | batch norm | points | end errors | error barrier |"
            + " loss barrier |\n");
    md.append("|").append(" --- |".repeat(9)).append('\n');
    for (Analysis a : analyses) {
      StabilityResult r = a.result();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %s | %s | %d | %.2f%%, %.2f%% | %.2f%% | %.4f |%n",
              a.trial().id(),
              a.trial().algebra(),
              r.round(),
              r.rewind() + (r.trialRewind() ? " (the trial's)" : ""),
              r.recomputeBatchNorm() ? "recomputed" : "interpolated",
              r.points(),
              100 * r.testError(0),
              100 * r.testError(r.points() - 1),
              100 * r.errorBarrier(),
              r.lossBarrier()));
    }
    return md.append('\n').toString();
  }
}

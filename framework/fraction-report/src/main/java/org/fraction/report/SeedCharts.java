package org.fraction.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.fraction.engine.results.AggregateRow;
import org.fraction.engine.results.Spread;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Each seed group's mean test accuracy with a band (min–max or ± one std) against both densities.
 */
final class SeedCharts {

  static final int WIDTH = 1400;
  static final int HEIGHT = 700;

  private SeedCharts() {}

  static void draw(
      Path file, String workflow, List<SeedSeries> series, Spread.Band band, double logBase) {
    NumberAxis accuracy = new NumberAxis("Final test accuracy (%), mean over seeds");
    accuracy.setAutoRangeIncludesZero(false);
    Charts.styleAxis(accuracy);
    CombinedRangeXYPlot plot = new CombinedRangeXYPlot(accuracy);
    plot.setGap(24);
    XYPlot own = panel(series, band, false, logBase);
    plot.add(own, 1);
    plot.add(panel(series, band, true, logBase), 1);
    plot.setFixedLegendItems(own.getLegendItems());
    Charts.writeSingle(
        file,
        WIDTH,
        HEIGHT,
        plot,
        workflow + ": test accuracy over seeds, band " + band.label(),
        "groups are trials that differ only in seed; a group of one seed has no band");
  }

  private static XYPlot panel(
      List<SeedSeries> series, Spread.Band band, boolean vsReal, double logBase) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    DeviationRenderer renderer = new DeviationRenderer(true, true);
    renderer.setAlpha(0.22f);
    int[] perAlgebra = new int[3];
    int i = 0;
    for (SeedSeries s : series) {
      YIntervalSeries xy = new YIntervalSeries(s.label(), false, true);
      for (AggregateRow r : s.rounds()) {
        double x = vsReal ? r.densityVsReal().mean() : r.density().mean();
        Spread a = r.testAccuracy();
        xy.add(x, 100 * a.mean(), 100 * a.lower(band), 100 * a.upper(band));
      }
      data.addSeries(xy);
      int slot =
          switch (s.algebra()) {
            case "real" -> 0;
            case "quaternion" -> 1;
            default -> 2;
          };
      Color c = Style.algebra(s.algebra(), perAlgebra[slot]++);
      renderer.setSeriesPaint(i, c);
      renderer.setSeriesFillPaint(i, c);
      renderer.setSeriesStroke(i, Style.line(s.control()));
      renderer.setSeriesShape(i, Style.marker(s.control()));
      i++;
    }
    LogAxis density =
        Charts.densityAxis(
            vsReal
                ? "Weights remaining (% of the real model's prunable weights)"
                : "Weights remaining (% of the model's own prunable weights)",
            true,
            logBase);
    XYPlot plot = new XYPlot(data, density, null, renderer);
    Charts.stylePlot(plot);
    return plot;
  }
}

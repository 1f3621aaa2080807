package org.fraction.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.fraction.engine.results.LayerRow;
import org.fraction.spi.tracking.EpochMetrics;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's figures, drawn by JFreeChart: accuracy against density, the training curves of one
 * trial's rounds, and the density of each layer per round.
 */
final class Charts {

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  static final int ACCURACY_WIDTH = 1400;
  static final int ACCURACY_HEIGHT = 1100;
  static final int EPOCH_WIDTH = 1100;
  static final int EPOCH_HEIGHT = 900;
  static final int LAYER_PANEL_WIDTH = 560;
  static final int LAYER_HEIGHT = 700;

  /** Trials drawn side by side in the layer figure; the Markdown table has them all. */
  static final int MAX_LAYER_PANELS = 4;

  private final RunReport report;
  private final Labels labels;
  private final double logBase;

  Charts(RunReport report) {
    this.report = report;
    this.labels = new Labels(report);
    this.logBase = logBase(report);
  }

  /**
   * Density axes are logarithmic to the base 1/keep when all trials keep the same fraction per
   * round, so that each tick is one round's density (100%, 80%, 64%, ...), as in the lottery-ticket
   * papers; base 2 otherwise.
   */
  static double logBase(RunReport report) {
    List<Double> keeps =
        report.trials().stream()
            .map(
                t ->
                    t.trial().settings().pruning() == null
                        ? 1.0
                        : t.trial().settings().pruning().engine().keep())
            .distinct()
            .toList();
    if (keeps.size() == 1 && keeps.get(0) < 0.95 && keeps.get(0) > 0) {
      return 1 / keeps.get(0);
    }
    return 2;
  }

  static int layerWidth(int trials) {
    return 140 + LAYER_PANEL_WIDTH * Math.max(1, Math.min(trials, MAX_LAYER_PANELS));
  }

  // ---------------------------------------------------------------- accuracy against density

  void accuracyVsDensity(Path file) {
    JFreeChart top = accuracyRow(false);
    JFreeChart bottom = accuracyRow(true);
    top.setTitle(
        new TextTitle(
            report.workflow() + ": test accuracy against weights remaining", Style.TITLE));
    top.addSubtitle(new TextTitle(describeSetup(), Style.SUBTITLE));
    int topHeight = ACCURACY_HEIGHT * 46 / 100;
    write(
        file,
        ACCURACY_WIDTH,
        ACCURACY_HEIGHT,
        List.of(top, bottom),
        List.of(topHeight, ACCURACY_HEIGHT - topHeight));
  }

  private JFreeChart accuracyRow(boolean best) {
    NumberAxis accuracy =
        new NumberAxis(best ? "Best test accuracy over epochs (%)" : "Final test accuracy (%)");
    accuracy.setAutoRangeIncludesZero(false);
    accuracy.setAutoRangeStickyZero(false);
    styleAxis(accuracy);
    CombinedRangeXYPlot plot = new CombinedRangeXYPlot(accuracy);
    plot.setGap(24);
    XYPlot own = accuracyPanel(false, best);
    XYPlot vsReal = accuracyPanel(true, best);
    niceTicks(accuracy, own.getDataset(), best ? Double.NaN : denseMinimum());
    plot.add(own, 1);
    plot.add(vsReal, 1);
    plot.setFixedLegendItems(own.getLegendItems());
    JFreeChart chart = new JFreeChart(null, Style.TITLE, plot, best);
    chart.setBackgroundPaint(Color.WHITE);
    if (best) {
      styleLegend(chart.getLegend());
    }
    return chart;
  }

  private XYPlot accuracyPanel(boolean vsReal, boolean best) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = lineRenderer();
    int i = 0;
    for (TrialReport t : byAlgebra()) {
      RoundReport dense =
          t.ticket().rounds().stream().filter(r -> r.round() == 0).findFirst().orElse(null);
      for (SeriesReport s : t.series()) {
        XYSeries xy = new XYSeries(labels.series(t, s), false, true);
        List<RoundReport> points = new ArrayList<>();
        if (!s.isTicket() && dense != null) {
          points.add(dense); // controls share the trial's dense round
        }
        points.addAll(s.rounds());
        for (RoundReport r : points) {
          double density = vsReal ? r.row().densityVsReal() : r.row().density();
          xy.add(density, 100 * (best ? r.row().bestTestAccuracy() : r.row().testAccuracy()));
        }
        data.addSeries(xy);
        renderer.setSeriesPaint(i, Style.algebra(s.algebra(), labels.colourIndex(t)));
        renderer.setSeriesStroke(i, Style.line(s.control()));
        renderer.setSeriesShape(i, Style.marker(s.control()));
        i++;
      }
    }
    LogAxis density =
        densityAxis(
            vsReal
                ? "Weights remaining (% of the real model's prunable weights)"
                : "Weights remaining (% of the model's own prunable weights)",
            true);
    XYPlot plot = new XYPlot(data, density, null, renderer);
    stylePlot(plot);
    if (!best) {
      for (TrialReport t : report.trials()) {
        t.ticket().rounds().stream()
            .filter(r -> r.round() == 0)
            .findFirst()
            .ifPresent(
                r -> {
                  ValueMarker dense = new ValueMarker(100 * r.row().testAccuracy());
                  Color c = Style.algebra(t.algebra(), labels.colourIndex(t));
                  dense.setPaint(new Color(c.getRed(), c.getGreen(), c.getBlue(), 110));
                  dense.setStroke(
                      new BasicStroke(
                          1.2f,
                          BasicStroke.CAP_BUTT,
                          BasicStroke.JOIN_MITER,
                          10f,
                          new float[] {2f, 3f},
                          0f));
                  plot.addRangeMarker(dense);
                });
      }
    }
    return plot;
  }

  /** Trials with real ones first, then quaternion, then any other algebra; by id within each. */
  private List<TrialReport> byAlgebra() {
    List<TrialReport> out = new ArrayList<>(report.trials());
    out.sort(
        java.util.Comparator.comparingInt(
            (TrialReport t) ->
                switch (t.algebra()) {
                  case "real" -> 0;
                  case "quaternion" -> 1;
                  default -> 2;
                }));
    return out;
  }

  private LogAxis densityAxis(String label, boolean inverted) {
    return densityAxis(label, inverted, logBase);
  }

  static LogAxis densityAxis(String label, boolean inverted, double logBase) {
    LogAxis axis = new LogAxis(label);
    axis.setBase(logBase);
    axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    axis.setNumberFormatOverride(new PercentFormat());
    axis.setMinorTickMarksVisible(false);
    axis.setInverted(inverted);
    axis.setLowerMargin(0.04);
    axis.setUpperMargin(0.04);
    styleAxis(axis);
    return axis;
  }

  private String describeSetup() {
    TrialReport first = report.trials().get(0);
    var s = first.trial().settings();
    List<String> models = report.trials().stream().map(TrialReport::model).distinct().toList();
    String pruning =
        s.pruning() == null
            ? "no pruning"
            : labels.comparesMethods()
                ? "methods compared, keep "
                    + PercentFormat.format3(s.pruning().engine().keep(), true)
                    + " per round"
                : s.pruning().typeName()
                    + ", keep "
                    + PercentFormat.format3(s.pruning().engine().keep(), true)
                    + " per round, "
                    + s.pruning().engine().method()
                    + ", rewind "
                    + s.pruning().engine().rewind();
    return s.dataset().typeName() + ", " + String.join(" / ", models) + ", " + pruning;
  }

  // ---------------------------------------------------------------- training curves

  void accuracyPerEpoch(Path file, TrialReport trial) {
    SeriesReport ticket = trial.ticket();
    XYSeriesCollection accuracy = new XYSeriesCollection();
    XYSeriesCollection loss = new XYSeriesCollection();
    XYLineAndShapeRenderer accuracyRenderer = lineRenderer();
    XYLineAndShapeRenderer lossRenderer = lineRenderer();
    List<Color> colours = Style.sequential(Math.max(1, ticket.rounds().size()));
    int i = 0;
    for (RoundReport r : ticket.rounds()) {
      String name =
          "round "
              + r.round()
              + ": "
              + PercentFormat.format3(r.row().density(), true)
              + " left"
              + (r.row().densityVsReal() != r.row().density()
                  ? " (" + PercentFormat.format3(r.row().densityVsReal(), true) + " of real)"
                  : "");
      XYSeries a = new XYSeries(name, false, true);
      XYSeries l = new XYSeries(name, false, true);
      for (EpochMetrics e : r.epochs()) {
        a.add(e.epoch(), 100 * e.testAccuracy());
        l.add(e.epoch(), e.trainLoss());
      }
      accuracy.addSeries(a);
      loss.addSeries(l);
      for (XYLineAndShapeRenderer renderer : List.of(accuracyRenderer, lossRenderer)) {
        renderer.setSeriesPaint(i, colours.get(i));
        renderer.setSeriesStroke(i, Style.line(""));
        renderer.setSeriesShape(i, Style.marker(""));
      }
      i++;
    }
    NumberAxis epoch = new NumberAxis("Epoch within the round");
    epoch.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    epoch.setAutoRangeIncludesZero(false);
    epoch.setLowerMargin(0.03);
    epoch.setUpperMargin(0.03);
    styleAxis(epoch);
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epoch);
    plot.setGap(18);
    NumberAxis accAxis = new NumberAxis("Test accuracy (%)");
    accAxis.setAutoRangeIncludesZero(false);
    styleAxis(accAxis);
    niceTicks(accAxis, accuracy, Double.NaN);
    XYPlot top = new XYPlot(accuracy, null, accAxis, accuracyRenderer);
    stylePlot(top);
    NumberAxis lossAxis = new NumberAxis("Training loss (epoch mean)");
    lossAxis.setAutoRangeIncludesZero(false);
    styleAxis(lossAxis);
    niceTicks(lossAxis, loss, Double.NaN);
    XYPlot bottom = new XYPlot(loss, null, lossAxis, lossRenderer);
    stylePlot(bottom);
    plot.add(top, 3);
    plot.add(bottom, 2);
    plot.setFixedLegendItems(top.getLegendItems());
    JFreeChart chart =
        new JFreeChart(
            "Training curves of every round: " + labels.trial(trial) + " trial " + trial.id(),
            Style.TITLE,
            plot,
            true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(
        new TextTitle(
            describeSetup() + (ticket.rounds().isEmpty() ? "; no round finished yet" : ""),
            Style.SUBTITLE));
    styleLegend(chart.getLegend());
    write(file, EPOCH_WIDTH, EPOCH_HEIGHT, List.of(chart), List.of(EPOCH_HEIGHT));
  }

  // ---------------------------------------------------------------- layer densities

  void layerSparsity(Path file) {
    LogAxis density = densityAxis("Layer density (% of the layer's prunable weights kept)", false);
    CombinedRangeXYPlot plot = new CombinedRangeXYPlot(density);
    plot.setGap(24);
    Map<String, Color> colours = new LinkedHashMap<>();
    LegendItemCollection legend = new LegendItemCollection();
    List<TrialReport> shown = byAlgebra().stream().limit(MAX_LAYER_PANELS).toList();
    for (TrialReport t : shown) {
      XYSeriesCollection data = new XYSeriesCollection();
      XYLineAndShapeRenderer renderer = lineRenderer();
      Map<String, XYSeries> byLayer = new LinkedHashMap<>();
      XYSeries overall = new XYSeries("all prunable weights", false, true);
      for (RoundReport r : t.ticket().rounds()) {
        overall.add(r.round(), r.row().density());
        for (LayerRow l : r.layers()) {
          byLayer
              .computeIfAbsent(l.layer(), k -> new XYSeries(k, false, true))
              .add(r.round(), l.density());
        }
      }
      int i = 0;
      for (XYSeries s : byLayer.values()) {
        data.addSeries(s);
        Color c = colours.computeIfAbsent((String) s.getKey(), k -> Style.category(colours.size()));
        renderer.setSeriesPaint(i, c);
        renderer.setSeriesStroke(i, Style.line(""));
        renderer.setSeriesShape(i, Style.marker(""));
        i++;
      }
      data.addSeries(overall);
      renderer.setSeriesPaint(i, Color.BLACK);
      renderer.setSeriesStroke(i, Style.line("random-reinit"));
      renderer.setSeriesShape(i, Style.marker("random-reinit"));
      NumberAxis round = new NumberAxis("Pruning round: " + labels.trial(t) + " [" + t.id() + "]");
      round.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      round.setAutoRangeIncludesZero(true);
      round.setLowerMargin(0.04);
      round.setUpperMargin(0.04);
      styleAxis(round);
      XYPlot panel = new XYPlot(data, round, null, renderer);
      stylePlot(panel);
      plot.add(panel, 1);
      for (LegendItem item : iterable(panel.getLegendItems())) {
        if (!contains(legend, item.getLabel())) {
          legend.add(item);
        }
      }
    }
    // the overall line last in the legend
    LegendItemCollection ordered = new LegendItemCollection();
    LegendItem all = null;
    for (LegendItem item : iterable(legend)) {
      if (item.getLabel().equals("all prunable weights")) {
        all = item;
      } else {
        ordered.add(item);
      }
    }
    if (all != null) {
      ordered.add(all);
    }
    plot.setFixedLegendItems(ordered);
    String more =
        report.trials().size() > shown.size()
            ? "; the first "
                + shown.size()
                + " of "
                + report.trials().size()
                + " trials (all are in report.md)"
            : "";
    JFreeChart chart =
        new JFreeChart("Density of each layer per round (ticket masks)", Style.TITLE, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(new TextTitle(describeSetup() + more, Style.SUBTITLE));
    styleLegend(chart.getLegend());
    write(
        file,
        layerWidth(report.trials().size()),
        LAYER_HEIGHT,
        List.of(chart),
        List.of(LAYER_HEIGHT));
  }

  /** The lowest dense accuracy (%), which the dotted reference lines show; NaN without one. */
  private double denseMinimum() {
    return report.trials().stream()
        .flatMap(t -> t.ticket().rounds().stream().filter(r -> r.round() == 0))
        .mapToDouble(r -> 100 * r.row().testAccuracy())
        .min()
        .orElse(Double.NaN);
  }

  /**
   * About six ticks of a round step (1, 2, 2.5 or 5 times a power of ten) over the data's y range.
   */
  static void niceTicks(NumberAxis axis, org.jfree.data.xy.XYDataset data, double alsoShow) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < data.getSeriesCount(); s++) {
      for (int i = 0; i < data.getItemCount(s); i++) {
        min = Math.min(min, data.getYValue(s, i));
        max = Math.max(max, data.getYValue(s, i));
      }
    }
    if (!Double.isNaN(alsoShow)) {
      min = Math.min(min, alsoShow);
      max = Math.max(max, alsoShow);
    }
    if (!(max > min)) {
      return;
    }
    double raw = (max - min) / 6;
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = power * 10;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * power >= raw) {
        step = m * power;
        break;
      }
    }
    axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(step));
  }

  private static boolean contains(LegendItemCollection items, String label) {
    for (LegendItem i : iterable(items)) {
      if (i.getLabel().equals(label)) {
        return true;
      }
    }
    return false;
  }

  private static List<LegendItem> iterable(LegendItemCollection items) {
    List<LegendItem> out = new ArrayList<>();
    for (int i = 0; i < items.getItemCount(); i++) {
      out.add(items.get(i));
    }
    return out;
  }

  // ---------------------------------------------------------------- common styling and output

  static XYLineAndShapeRenderer lineRenderer() {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    r.setDrawSeriesLineAsPath(true);
    r.setLegendLine(new Line2D.Double(-18, 0, 18, 0));
    r.setUseFillPaint(false);
    return r;
  }

  static void stylePlot(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Color.DARK_GRAY);
    plot.setDomainGridlinePaint(Style.GRID);
    plot.setRangeGridlinePaint(Style.GRID);
    plot.setDomainGridlineStroke(new BasicStroke(0.8f));
    plot.setRangeGridlineStroke(new BasicStroke(0.8f));
    plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
    plot.setNoDataMessage("no round finished yet");
    plot.setNoDataMessageFont(Style.AXIS_LABEL);
  }

  static void styleAxis(ValueAxis axis) {
    axis.setLabelFont(Style.AXIS_LABEL);
    axis.setTickLabelFont(Style.TICK);
    axis.setLabelPaint(Color.BLACK);
    axis.setTickLabelPaint(Color.BLACK);
  }

  static void styleLegend(LegendTitle legend) {
    legend.setItemFont(Style.LEGEND);
    legend.setPosition(RectangleEdge.BOTTOM);
    legend.setFrame(BlockBorder.NONE);
    legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 14));
  }

  /** One plot as a PNG with a title, a subtitle and the legend below. */
  static void writeSingle(
      Path file,
      int width,
      int height,
      org.jfree.chart.plot.Plot plot,
      String title,
      String subtitle) {
    JFreeChart chart = new JFreeChart(title, Style.TITLE, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(new TextTitle(subtitle, Style.SUBTITLE));
    styleLegend(chart.getLegend());
    write(file, width, height, List.of(chart), List.of(height));
  }

  /** Draws the charts one above the other into one PNG, written under a temporary name first. */
  static void write(
      Path file, int width, int height, List<JFreeChart> charts, List<Integer> heights) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setPaint(Color.WHITE);
      g.fillRect(0, 0, width, height);
      int y = 0;
      for (int i = 0; i < charts.size(); i++) {
        charts.get(i).setPadding(new RectangleInsets(6, 8, 6, 28));
        charts.get(i).draw(g, new Rectangle2D.Double(0, y, width, heights.get(i)));
        y += heights.get(i);
      }
    } finally {
      g.dispose();
    }
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    // through our own stream: given a File, ImageIO prints a stack trace and hides the reason
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        if (!ImageIO.write(image, "png", out)) {
          throw new IOException("no PNG writer");
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new UncheckedIOException("cannot write " + file + ": " + reason(e), e);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage();
  }

  private static void deleteQuietly(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException ignored) {
      // the first failure is the one worth reporting
    }
  }
}

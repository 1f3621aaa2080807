package org.fraction.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fraction.engine.results.ResultRow;
import org.junit.jupiter.api.Test;

class CrossingTest {

  private static RoundReport round(String control, int k, double density, double accuracy) {
    ResultRow row =
        new ResultRow(
            "t1",
            control,
            "quaternion",
            k,
            density,
            density / 4,
            100,
            accuracy,
            accuracy,
            "m",
            "d",
            1,
            0,
            0,
            2,
            1,
            "global-magnitude",
            "weight-rewind",
            "trained",
            0L,
            Path.of("round-" + k + ".h5"),
            Double.NaN,
            Map.of());
    return new RoundReport(row, 1000, Math.round(1000 * density), List.of(), List.of());
  }

  private static SeriesReport series(String control, int first, double... accuracies) {
    List<RoundReport> rounds = new ArrayList<>();
    for (int i = 0; i < accuracies.length; i++) {
      int k = first + i;
      rounds.add(round(control, k, Math.pow(0.5, k), accuracies[i]));
    }
    return new SeriesReport("t1", control, "quaternion", rounds, List.of(), -1, 0);
  }

  @Test
  void findsTheFirstRoundBelowDenseAndInterpolatesInLogDensity() {
    SeriesReport ticket = series("", 0, 0.90, 0.91, 0.905, 0.86, 0.95);
    Crossing c = Crossing.of(ticket, ticket);
    assertThat(c.dense()).isEqualTo(0.90);
    assertThat(c.lastAbove()).isEqualTo(2);
    assertThat(c.firstBelow()).isEqualTo(3);
    // from 0.905 at 1/4 to 0.86 at 1/8: 0.90 is reached a ninth of the way, in log density
    assertThat(c.densityAtCrossing()).isCloseTo(Math.pow(0.5, 2 + 1.0 / 9), within(1e-12));
    assertThat(c.densityVsRealAtCrossing())
        .isCloseTo(Math.pow(0.5, 2 + 1.0 / 9) / 4, within(1e-12));
  }

  @Test
  void controlsStartFromTheTicketsDenseRound() {
    SeriesReport ticket = series("", 0, 0.90, 0.91);
    SeriesReport control = series("random-reinit", 1, 0.80, 0.70);
    Crossing c = Crossing.of(control, ticket);
    assertThat(c.lastAbove()).isZero();
    assertThat(c.firstBelow()).isEqualTo(1);
    assertThat(c.densityAtCrossing())
        .as("below from the first pruned round: nothing to interpolate")
        .isNaN();
  }

  @Test
  void noCrossingAndNoDenseRound() {
    SeriesReport ticket = series("", 0, 0.90, 0.92, 0.95);
    assertThat(Crossing.of(ticket, ticket).crosses()).isFalse();
    assertThat(Crossing.of(ticket, ticket).lastAbove()).isEqualTo(2);
    SeriesReport withoutDense = series("", 1, 0.90);
    assertThat(Crossing.of(withoutDense, withoutDense).dense()).isNaN();
  }

  @Test
  void percentagesKeepThreeSignificantDigits() {
    assertThat(PercentFormat.format3(1.0)).isEqualTo("100%");
    assertThat(PercentFormat.format3(0.32768)).isEqualTo("32.8%");
    assertThat(PercentFormat.format3(0.53)).isEqualTo("53.0%");
    assertThat(PercentFormat.format3(0.25, true)).isEqualTo("25%");
    assertThat(PercentFormat.format3(0.0011)).isEqualTo("0.110%");
    assertThat(new PercentFormat().format(0.8)).isEqualTo("80%");
  }

  @Test
  void missingRoundsAreWrittenAsRanges() {
    assertThat(MarkdownReport.ranges(List.of(1, 2, 3, 5))).isEqualTo("1–3, 5");
    assertThat(MarkdownReport.ranges(List.of(4))).isEqualTo("4");
  }

  @Test
  void markdownTablesBecomeHtmlTables() {
    String html =
        HtmlReport.render("a <b>", "# T\n\n| x | y |\n| --- | --- |\n| 1 | 2 |\n\n![p](p.png)\n");
    assertThat(html)
        .contains("<title>a &lt;b></title>")
        .contains("<table>")
        .contains("<td>2</td>")
        .contains("<img src=\"p.png\" alt=\"p\" />");
  }
}

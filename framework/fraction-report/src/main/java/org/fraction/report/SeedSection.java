package org.fraction.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fraction.engine.results.AggregateRow;
import org.fraction.engine.results.Spread;

/**
 * The report's section on results over seeds: the figure, mean ± spread per round, real against
 * quaternion.
 */
final class SeedSection {

  private final List<SeedSeries> series;
  private final Spread.Band band;
  private final StringBuilder md = new StringBuilder();

  SeedSection(List<SeedSeries> series, Spread.Band band) {
    this.series = series;
    this.band = band;
  }

  String render() {
    md.append("## Over seeds\n\n");
    md.append("![Mean test accuracy over seeds with a band](")
        .append(Report.ACCURACY_OVER_SEEDS)
        .append(")\n\n");
    md.append(
            "Trials that differ only in seed form a group; each line is a group's mean, its band"
                + " the ")
        .append(
            band == Spread.Band.MIN_MAX
                ? "minimum to maximum"
                : "mean ± one sample standard deviation (n − 1)")
        .append(
            " over the seeds that finished the round (`fraction report --band min-max|std`;"
                + " `fraction results --aggregate` prints every statistic).");
    List<String> single =
        series.stream().filter(s -> s.seeds() == 1).map(SeedSeries::label).toList();
    if (!single.isEmpty()) {
      md.append(" Groups of one seed have no band: ").append(String.join("; ", single)).append('.');
    }
    md.append("\n\n");
    table(
        "group",
        "control",
        "algebra",
        "round",
        "seeds",
        "density",
        "density_vs_real",
        "test accuracy",
        "best test accuracy");
    for (SeedSeries s : series) {
      for (AggregateRow r : s.rounds()) {
        row(
            r.group(),
            s.isTicket() ? MarkdownReport.TICKET : s.control(),
            r.algebra(),
            Integer.toString(r.round()),
            Integer.toString(r.n()),
            PercentFormat.format3(r.density().mean()),
            PercentFormat.format3(r.densityVsReal().mean()),
            spread(r.testAccuracy()),
            spread(r.bestTestAccuracy()));
      }
    }
    md.append('\n');
    realAgainstQuaternion();
    return md.toString();
  }

  private void realAgainstQuaternion() {
    md.append("### Real against quaternion at equal density_vs_real\n\n");
    List<String> lines = new ArrayList<>();
    for (SeedSeries real : series) {
      for (SeedSeries quaternion : series) {
        if (real.algebra().equals("real")
            && quaternion.algebra().equals("quaternion")
            && real.isTicket()
            && quaternion.isTicket()
            && real.model().equals(quaternion.model())
            && real.rounds().get(0).dataset().equals(quaternion.rounds().get(0).dataset())) {
          lines.add(pair(real, quaternion));
        }
      }
    }
    if (lines.isEmpty()) {
      md.append("No pair of a real and a quaternion group of the same model and data set.\n\n");
      return;
    }
    md.append("Final test accuracy bands (")
        .append(band.label())
        .append(
            ") of each real and quaternion ticket group of the same model and data set, compared"
                + " over the densities both reach; each band is linear in log density between"
                + " rounds.\n\n");
    lines.forEach(l -> md.append("- ").append(l).append('\n'));
    md.append('\n');
  }

  private String pair(SeedSeries real, SeedSeries quaternion) {
    List<SpreadOverlap.Range> ranges = SpreadOverlap.of(real.rounds(), quaternion.rounds(), band);
    String head =
        "real ["
            + real.group()
            + "] ("
            + seeds(real)
            + ") against quaternion ["
            + quaternion.group()
            + "] ("
            + seeds(quaternion)
            + "): ";
    if (ranges.isEmpty()) {
      return head + "no density_vs_real that both reach.";
    }
    List<String> parts = new ArrayList<>();
    for (SpreadOverlap.Range r : ranges) {
      String where =
          r.from() == r.to()
              ? "at " + PercentFormat.format3(r.from())
              : "from " + PercentFormat.format3(r.from()) + " to " + PercentFormat.format3(r.to());
      parts.add(
          switch (r.above()) {
            case 0 -> "overlap " + where;
            case 1 -> "apart " + where + " (real higher)";
            default -> "apart " + where + " (quaternion higher)";
          });
    }
    return head + String.join("; ", parts) + ".";
  }

  private static String seeds(SeedSeries s) {
    return s.seeds() == 1 ? "1 seed" : s.seeds() + " seeds";
  }

  private String spread(Spread s) {
    String mean = percent(s.mean());
    if (s.n() == 1) {
      return mean + " (1 seed)";
    }
    return band == Spread.Band.STD
        ? mean + " ± " + percent(s.std())
        : mean + " [" + percent(s.min()) + ", " + percent(s.max()) + "]";
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }

  private void table(String... header) {
    row(header);
    md.append("|").append(" --- |".repeat(header.length)).append('\n');
  }

  private void row(String... cells) {
    md.append("| ")
        .append(
            String.join(
                " | ", java.util.Arrays.stream(cells).map(c -> c.replace("|", "\\|")).toList()))
        .append(" |\n");
  }
}

package org.fraction.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.fraction.engine.macs.LayerMacs;
import org.fraction.engine.results.LayerRow;
import org.fraction.engine.results.ResultsFormat;
import org.fraction.engine.train.FractionVersion;

/**
 * The report as Markdown: status, plots, the per-round table, crossings, layer densities, settings.
 */
final class MarkdownReport {

  /** Columns of the per-round table; the first nine are those of {@code results --format csv}. */
  static final List<String> ROUND_COLUMNS =
      List.of(
          "trial",
          "control",
          "algebra",
          "round",
          "density",
          "density_vs_real",
          "params_remaining",
          "test_accuracy",
          "best_test_accuracy",
          "dense_macs",
          "sparse_macs",
          "method",
          "mask_source",
          "collapsed_layers");

  static final String TICKET = "ticket";

  private final RunReport report;
  private final Labels labels;
  private final TrialReport curvesTrial;
  private final String analysisSections;
  private final StringBuilder md = new StringBuilder();

  MarkdownReport(RunReport report, TrialReport curvesTrial) {
    this(report, curvesTrial, "");
  }

  /**
   * @param analysisSections the sections on results over seeds and instability analyses, placed
   *     after the crossings
   */
  MarkdownReport(RunReport report, TrialReport curvesTrial, String analysisSections) {
    this.report = report;
    this.labels = new Labels(report);
    this.curvesTrial = curvesTrial;
    this.analysisSections = analysisSections;
  }

  String render() {
    md.append("# ").append(report.workflow()).append(": lottery-ticket report\n\n");
    line(
        "Run directory `"
            + report.runDir()
            + "`; "
            + report.trials().size()
            + (report.trials().size() == 1 ? " trial" : " trials")
            + "; written by fraction "
            + FractionVersion.get()
            + ".");
    status();
    accuracy();
    methods();
    crossings();
    md.append(analysisSections);
    rounds();
    curves();
    layers();
    settings();
    macNote();
    return md.toString();
  }

  private void status() {
    md.append("## Status\n\n");
    if (report.complete()) {
      line("Complete: every planned round of every trial and control is finished.");
      return;
    }
    line(
        "**Partial run**: the experiment is still running or was interrupted. Plots and tables show"
            + " the finished rounds; these are missing:");
    for (String missing : Report.missing(report)) {
      md.append("- ").append(missing).append('\n');
    }
    md.append('\n');
  }

  private void accuracy() {
    md.append("## Accuracy against density\n\n");
    line("![Test accuracy against the fraction of weights remaining](accuracy_vs_density.png)");
    line(
        "Top: test accuracy after each round's last epoch; bottom: the best over the round's"
            + " epochs. Left: density of each model's own prunable weights; right: remaining"
            + " weights over the real model's prunable weights, so trials with equal parameter"
            + " counts line up. Blue: real, orange: quaternion; dashed: controls, drawn from their"
            + " trial's dense round; dotted horizontal lines: each trial's dense accuracy.");
  }

  /**
   * When the trials differ in method: per algebra, each method's accuracy at each round's density.
   */
  private void methods() {
    if (!labels.comparesMethods()) {
      return;
    }
    md.append("## Accuracy per method\n\n");
    line(
        "Test accuracy after each round's last epoch, one column per trial (its algebra and"
            + " method); the density is the first trial's of the algebra, which every method of the"
            + " same strategy plans alike.");
    for (String algebra : report.trials().stream().map(TrialReport::algebra).distinct().toList()) {
      List<TrialReport> trials =
          report.trials().stream().filter(t -> t.algebra().equals(algebra)).toList();
      md.append("### ").append(algebra).append("\n\n");
      List<String> header = new ArrayList<>(List.of("round", "density", "density_vs_real"));
      trials.forEach(t -> header.add(labels.trial(t)));
      table(header);
      int rounds = trials.stream().mapToInt(t -> t.trial().settings().rounds()).max().orElse(0);
      for (int k = 0; k <= rounds; k++) {
        int round = k;
        List<String> cells = new ArrayList<>(List.of(Integer.toString(k), "", ""));
        for (TrialReport t : trials) {
          RoundReport r =
              t.ticket().rounds().stream().filter(x -> x.round() == round).findFirst().orElse(null);
          if (r != null && cells.get(1).isEmpty()) {
            cells.set(1, PercentFormat.format3(r.row().density()));
            cells.set(2, PercentFormat.format3(r.row().densityVsReal()));
          }
          cells.add(r == null ? "" : percent2(r.row().testAccuracy()));
        }
        row(cells.toArray(String[]::new));
      }
      md.append('\n');
    }
  }

  private void crossings() {
    md.append("## Where accuracy falls below the dense network\n\n");
    table(
        List.of(
            "trial",
            "control",
            "dense accuracy",
            "last round at or above",
            "first round below",
            "accuracy there",
            "density at crossing",
            "vs real at crossing"));
    for (TrialReport t : report.trials()) {
      for (SeriesReport s : t.series()) {
        Crossing c = Crossing.of(s, t.ticket());
        String lastAbove = c.lastAbove() < 0 ? "none" : roundAt(t, s, c.lastAbove());
        String firstBelow;
        String accuracy = "";
        if (Double.isNaN(c.dense())) {
          firstBelow = "round 0 not finished";
        } else if (c.crosses()) {
          firstBelow = roundAt(t, s, c.firstBelow());
          accuracy = percent2(find(s, c.firstBelow()).row().testAccuracy());
        } else {
          firstBelow = "none so far";
        }
        row(
            t.id() + " (" + labels.trial(t) + ")",
            s.isTicket() ? TICKET : s.control(),
            Double.isNaN(c.dense()) ? "n/a" : percent2(c.dense()),
            lastAbove,
            firstBelow,
            accuracy,
            crossingDensity(c, c.densityAtCrossing()),
            crossingDensity(c, c.densityVsRealAtCrossing()));
      }
    }
    md.append('\n');
    line(
        "Judged on the test accuracy after each round's last epoch against the trial's dense round"
            + " 0 (controls start from it too). The crossing density is interpolated linearly in"
            + " log density between the last round at or above and the first round below; \"at"
            + " once\" when the first pruned round is already below.");
  }

  private static String crossingDensity(Crossing c, double density) {
    if (!c.crosses()) {
      return "";
    }
    return Double.isNaN(density) ? "at once" : PercentFormat.format3(density);
  }

  private static RoundReport find(SeriesReport s, int round) {
    return s.rounds().stream().filter(r -> r.round() == round).findFirst().orElseThrow();
  }

  private static String roundAt(TrialReport t, SeriesReport s, int round) {
    RoundReport r =
        s.rounds().stream()
            .filter(x -> x.round() == round)
            .findFirst()
            .orElseGet(() -> find(t.ticket(), round));
    return round + " (" + PercentFormat.format3(r.row().density()) + ")";
  }

  private void rounds() {
    md.append("## Rounds\n\n");
    line(
        "The numbers of `fraction results --format csv` (densities and accuracies as fractions),"
            + " with the multiply-accumulates (MACs) per image of the dense network and of the"
            + " round's pruned network, where the round's mask came from (`trained`: pruned from"
            + " the previous round's trained weights; `init`: chosen at the rewind point before"
            + " training) and how many prunable layers it left without any weight.");
    table(ROUND_COLUMNS);
    for (TrialReport t : report.trials()) {
      for (SeriesReport s : t.series()) {
        for (RoundReport r : s.rounds()) {
          List<String> cells = new ArrayList<>(ResultsFormat.cells(r.row()).subList(0, 9));
          if (cells.get(1).isEmpty()) {
            cells.set(1, TICKET);
          }
          cells.add(String.format(Locale.ROOT, "%,d", r.denseMacs()));
          cells.add(String.format(Locale.ROOT, "%,d", r.sparseMacs()));
          cells.add(r.row().method());
          cells.add(r.row().maskSource());
          cells.add(
              r.row().collapsedLayers() == null ? "" : Long.toString(r.row().collapsedLayers()));
          row(cells.toArray(String[]::new));
        }
      }
    }
    md.append('\n');
  }

  private void curves() {
    md.append("## Training curves\n\n");
    line("![Training curves of every round](accuracy_per_epoch.png)");
    line(
        "Trial "
            + curvesTrial.id()
            + " ("
            + labels.trial(curvesTrial)
            + "), ticket rounds; `fraction report --trial ID`"
            + " draws another.");
  }

  private void layers() {
    md.append("## Layer densities\n\n");
    line("![Density of each layer per round](layer_sparsity.png)");
    line(
        "Fraction of each layer's prunable weights that the ticket's mask keeps, from the round"
            + " files (`fraction results RUN_DIR --layers --round K` prints one round).");
    for (TrialReport t : report.trials()) {
      md.append("### ").append(labels.trial(t)).append(", trial ").append(t.id()).append("\n\n");
      List<RoundReport> rounds = t.ticket().rounds();
      if (rounds.isEmpty()) {
        line("No round finished yet.");
        continue;
      }
      List<String> header = new ArrayList<>(List.of("layer", "weights", "dense MACs"));
      rounds.forEach(r -> header.add("round " + r.round()));
      table(header);
      Map<String, Long> macs = new LinkedHashMap<>();
      for (LayerMacs l : t.macs().layers()) {
        macs.put(l.layer(), l.macs());
      }
      Set<String> layerNames = new LinkedHashSet<>();
      rounds.forEach(r -> r.layers().forEach(l -> layerNames.add(l.layer())));
      for (String layer : layerNames) {
        List<String> cells = new ArrayList<>();
        cells.add(layer);
        LayerRow any =
            rounds.get(0).layers().stream()
                .filter(l -> l.layer().equals(layer))
                .findFirst()
                .orElse(null);
        cells.add(any == null ? "" : String.format(Locale.ROOT, "%,d", any.weights()));
        cells.add(
            macs.containsKey(layer) ? String.format(Locale.ROOT, "%,d", macs.get(layer)) : "");
        for (RoundReport r : rounds) {
          cells.add(
              r.layers().stream()
                  .filter(l -> l.layer().equals(layer))
                  .findFirst()
                  .map(l -> PercentFormat.format3(l.density()))
                  .orElse(""));
        }
        row(cells.toArray(String[]::new));
      }
      md.append('\n');
    }
  }

  private void settings() {
    md.append("## Settings\n\n");
    line(
        "Every resolved setting of each trial, as stored in its `workflow.yaml`; keys whose values"
            + " differ between trials are in bold.");
    List<String> header = new ArrayList<>(List.of("setting"));
    report.trials().forEach(t -> header.add(t.id()));
    table(header);
    Set<String> keys = new java.util.TreeSet<>();
    report.trials().forEach(t -> keys.addAll(t.settings().keySet()));
    for (String key : keys) {
      List<String> values =
          report.trials().stream().map(t -> t.settings().getOrDefault(key, "")).toList();
      boolean differs = values.stream().distinct().count() > 1;
      List<String> cells = new ArrayList<>();
      cells.add(differs ? "**" + key + "**" : key);
      values.forEach(v -> cells.add(v.isEmpty() ? "" : "`" + v.replace("`", "'") + "`"));
      row(cells.toArray(String[]::new));
    }
    md.append('\n');
  }

  private void macNote() {
    md.append("## How multiply-accumulates are counted\n\n");
    line(
        "Per image, layer by layer from the network's configuration and input shape: dense layers"
            + " nIn·nOut; convolutions kh·kw·cin·cout·Hout·Wout; batch normalisation one per output"
            + " element; pooling, activations, additions and biases none. Quaternion layers count"
            + " as the real layer of the same real width (the Hamilton product multiplies as often"
            + " as the real block matrix). The sparse count scales each layer by the fraction of"
            + " its prunable weights the round's mask keeps. A layer type can state its own count"
            + " through `org.fraction.spi.model.MacCounting`.");
    List<String> uncounted = new ArrayList<>();
    report
        .trials()
        .forEach(t -> t.macs().uncounted().forEach(u -> uncounted.add(t.id() + ": " + u)));
    if (!uncounted.isEmpty()) {
      line(
          "Not counted (layers with parameters that no rule knows): "
              + String.join("; ", uncounted)
              + ".");
    }
  }

  // ---------------------------------------------------------------- Markdown helpers

  private void line(String text) {
    md.append(text).append("\n\n");
  }

  private void table(List<String> header) {
    md.append("| ")
        .append(String.join(" | ", header.stream().map(MarkdownReport::cell).toList()))
        .append(" |\n");
    md.append("|").append(" --- |".repeat(header.size())).append('\n');
  }

  private void row(String... cells) {
    md.append("| ")
        .append(
            String.join(" | ", java.util.Arrays.stream(cells).map(MarkdownReport::cell).toList()))
        .append(" |\n");
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static String percent2(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }

  /** 1, 2, 3, 5 -> "1–3, 5". */
  static String ranges(List<Integer> values) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < values.size()) {
      int j = i;
      while (j + 1 < values.size() && values.get(j + 1) == values.get(j) + 1) {
        j++;
      }
      out.add(j == i ? values.get(i).toString() : values.get(i) + "–" + values.get(j));
      i = j + 1;
    }
    return String.join(", ", out);
  }
}

package org.fraction.report;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.fraction.engine.macs.MacCounter;
import org.fraction.engine.macs.NetworkMacs;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.TrialChecks;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.results.LayerResults;
import org.fraction.engine.results.LayerRow;
import org.fraction.engine.results.ResultRow;
import org.fraction.engine.results.RunResults;
import org.fraction.engine.settings.Control;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.train.NetworkFactory;
import org.fraction.engine.train.TrialInfos;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.Model;
import org.fraction.spi.model.Network;
import org.fraction.spi.tracking.EpochMetrics;

/**
 * Reads a run directory for a report: the rows {@code fraction results} shows, each trial's stored
 * workflow (bound with the loaded plugins, for its settings, network and planned rounds), the masks
 * and per-epoch metrics of every round file, and what is still missing.
 */
public final class ReportReader {

  private final WorkflowLoader.Factory loaders;

  @Inject
  public ReportReader(WorkflowLoader.Factory loaders) {
    this.loaders = loaders;
  }

  /**
   * @param warnings told of round files left out (unreadable) and of mixed native settings
   */
  public RunReport read(Path runDir, Consumer<String> warnings) throws IOException {
    Map<Path, List<ResultRow>> rowsByDirectory = new LinkedHashMap<>();
    for (ResultRow row : RunResults.read(runDir, warnings)) {
      rowsByDirectory
          .computeIfAbsent(
              row.file().getParent().toAbsolutePath().normalize(), k -> new ArrayList<>())
          .add(row);
    }
    List<TrialReport> trials = new ArrayList<>();
    WorkflowLoader loader = loaders.create();
    for (TrialDirectory dir : RunResults.trials(runDir)) {
      trials.add(trial(dir, loader, rowsByDirectory));
    }
    return new RunReport(trials.get(0).trial().name(), runDir, trials);
  }

  private TrialReport trial(
      TrialDirectory dir, WorkflowLoader loader, Map<Path, List<ResultRow>> rowsByDirectory)
      throws IOException {
    Path document = dir.path().resolve(TrialDirectory.DOCUMENT);
    Trial trial = loader.loadTrial(dir.readDocument(), document.toString());
    WorkflowSettings s = trial.settings();
    NetworkMacs macs = macs(trial);
    List<SeriesReport> series = new ArrayList<>();
    series.add(series(trial, "", dir, 0, macs, rowsByDirectory));
    List<String> controls = new ArrayList<>(s.controls().stream().map(Control::id).toList());
    for (String c : dir.controls()) {
      if (!controls.contains(c)) {
        controls.add(c);
      }
    }
    for (String control : controls) {
      series.add(series(trial, control, dir.control(control), 1, macs, rowsByDirectory));
    }
    return new TrialReport(
        trial, dir.path(), TrialInfos.of(trial, "", dir.path()).settings(), macs, series);
  }

  /** The multiply-accumulates of the trial's network, from its configuration and input shape. */
  public static NetworkMacs macs(Trial trial) {
    WorkflowSettings s = trial.settings();
    Model model = s.model().create();
    DatasetInfo info = s.dataset().create().info();
    InputShape input = NetworkFactory.networkInput(model, info, s.model().engine().algebra());
    Network network = TrialChecks.describe(trial);
    return MacCounter.count(network.configuration(), input);
  }

  private static int graphOrder(NetworkMacs macs, String layer) {
    for (int i = 0; i < macs.layers().size(); i++) {
      if (macs.layers().get(i).layer().equals(layer)) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }

  private static SeriesReport series(
      Trial trial,
      String control,
      TrialDirectory dir,
      int firstRound,
      NetworkMacs macs,
      Map<Path, List<ResultRow>> rowsByDirectory)
      throws IOException {
    List<ResultRow> rows =
        rowsByDirectory.getOrDefault(dir.path().toAbsolutePath().normalize(), List.of());
    List<RoundReport> rounds = new ArrayList<>();
    for (ResultRow row : rows) {
      List<LayerRow> layers = new ArrayList<>(LayerResults.ofRound(row.file()));
      layers.sort(java.util.Comparator.comparingInt(l -> graphOrder(macs, l.layer())));
      Map<String, Double> density = new HashMap<>();
      layers.forEach(l -> density.put(l.layer(), l.density()));
      List<EpochMetrics> epochs = RoundFiles.readSummary(row.file()).epochs();
      rounds.add(new RoundReport(row, macs.dense(), macs.sparse(density), layers, epochs));
    }
    List<Integer> missing = new ArrayList<>();
    for (int k = firstRound; k <= trial.settings().rounds(); k++) {
      int round = k;
      if (rounds.stream().noneMatch(r -> r.round() == round)) {
        missing.add(k);
      }
    }
    int inProgress = -1;
    int epochs = 0;
    for (int k : missing) {
      Path checkpoint = dir.checkpointFile(k);
      if (Files.isRegularFile(checkpoint)) {
        inProgress = k;
        try {
          epochs = RoundFiles.readSummary(checkpoint).epochs().size();
        } catch (BadDataException e) {
          epochs = 0; // being written; the round is in progress all the same
        }
        break;
      }
    }
    String algebra =
        rows.isEmpty() ? trial.settings().model().engine().algebra().id() : rows.get(0).algebra();
    return new SeriesReport(trial.id(), control, algebra, rounds, missing, inProgress, epochs);
  }
}

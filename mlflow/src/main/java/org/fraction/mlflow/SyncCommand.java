package org.fraction.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.fraction.spi.cli.CommandContext;
import org.fraction.spi.cli.Subcommand;
import org.fraction.spi.settings.InvalidSetting;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.StoredRuns.StoredMetrics;
import org.fraction.spi.tracking.StoredRuns.StoredRound;
import org.fraction.spi.tracking.StoredRuns.StoredTrial;
import org.fraction.spi.tracking.TrialStatus;

/**
 * {@code fraction mlflow sync RUN_DIR}: sends a run store's trials to a tracking server as a live
 * run would have: the calls a live run could not deliver, and for a run made without tracking (or
 * with rounds run offline) the same runs, params, metrics and files read back from the round files.
 * Everything goes through the trial's journal, so running it again sends nothing twice.
 */
final class SyncCommand implements Subcommand {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String USAGE =
      "mlflow sync RUN_DIR [--tracking-uri URI] [--experiment NAME] [--wait SECONDS] [--plugins"
          + " JAR]";

  private final Function<String, String> environment;

  SyncCommand(Function<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public String name() {
    return "mlflow";
  }

  @Override
  public String usage() {
    return USAGE;
  }

  @Override
  public String summary() {
    return "send a run directory's trials to an MLflow server (what a run missed, or a run made"
        + " offline)";
  }

  private static final class Usage extends Exception {
    Usage(String message) {
      super(message);
    }
  }

  private record Options(Path runDir, String uri, String experiment, Integer waitSeconds) {}

  @Override
  public int run(List<String> args, CommandContext context) throws Exception {
    PrintStream out = context.out();
    PrintStream err = context.err();
    if (args.contains("--help") || args.contains("-h")) {
      out.println("usage: fraction " + USAGE);
      out.println(summary());
      out.println(
          "  --tracking-uri URI   the server, or a file store (file:PATH) (default: the trial's"
              + " tracking.mlflow.uri, else $MLFLOW_TRACKING_URI)");
      out.println(
          "  --experiment NAME    the experiment (default: the trial's, else the workflow's name)");
      out.println(
          "  --wait SECONDS       how long to wait for a server that does not answer (default 10)");
      out.println(
          "  --plugins JAR        plugin jars the run was made with (the command line loads them)");
      return 0;
    }
    Options options;
    try {
      options = parse(args);
    } catch (Usage e) {
      err.println("fraction: " + e.getMessage() + "\nusage: fraction " + USAGE);
      return 2;
    }
    List<StoredTrial> trials = context.runs().read(options.runDir());

    Map<String, Courier> couriers = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    boolean ok = true;
    try {
      for (StoredTrial trial : trials) {
        MlflowSettings settings;
        try {
          settings = settings(trial.document(), options);
        } catch (InvalidSetting e) {
          err.println(
              "fraction: "
                  + trial.document()
                  + ": tracking.mlflow."
                  + e.key()
                  + ": "
                  + e.getMessage());
          return 2;
        }
        if (settings.uri() == null) {
          err.println(
              "fraction: no tracking server for "
                  + trial.info().key()
                  + ": pass --tracking-uri URI or set MLFLOW_TRACKING_URI");
          return 2;
        }
        Journal journal;
        try {
          journal = Journal.open(trial.info().directory());
        } catch (Journal.Busy e) {
          err.println(trial.info().key() + ": skipped: " + e.getMessage());
          ok = false;
          continue;
        }
        RunRecorder recorder = new RunRecorder(trial.info(), journal, settings.roundFiles());
        int before = journal.size();
        replay(trial, recorder);
        Courier courier =
            couriers.computeIfAbsent(
                settings.uri(),
                uri -> new Courier(TrackingStore.open(uri, Credentials.from(environment))));
        String experiment =
            settings.experiment() != null ? settings.experiment() : trial.info().workflow();
        entries.add(
            new Entry(
                trial,
                courier.add(journal, experiment, trial.info().key()),
                journal.size() - before,
                settings.waitSeconds()));
      }
      for (Map.Entry<String, Courier> c : couriers.entrySet()) {
        out.println("mlflow sync " + options.runDir() + " -> " + c.getKey());
        List<Courier.Lane> lanes = c.getValue().lanes();
        int patience =
            entries.stream()
                .filter(e -> lanes.contains(e.lane()))
                .mapToInt(Entry::patience)
                .max()
                .orElse(10);
        c.getValue().drain(lanes, patience * 1000L);
        String down = c.getValue().downReason();
        for (Entry e : entries) {
          if (lanes.contains(e.lane())) {
            ok &= print(out, e, down);
          }
        }
      }
    } finally {
      couriers.values().forEach(Courier::close);
    }
    if (!ok) {
      err.println(
          "fraction: not everything reached the server; run the same command again to send the"
              + " rest");
    }
    return ok ? 0 : 1;
  }

  private record Entry(StoredTrial trial, Courier.Lane lane, int recorded, int patience) {}

  private static boolean print(PrintStream out, Entry e, String down) {
    StoredTrial t = e.trial();
    Courier.Lane lane = e.lane();
    int planned = t.info().plannedRounds() + (t.info().control().isEmpty() ? 1 : 0);
    StringBuilder line =
        new StringBuilder(
            "  "
                + t.info().key()
                + ": "
                + t.rounds().size()
                + " of "
                + planned
                + " rounds; "
                + lane.sent
                + (lane.sent == 1 ? " call" : " calls")
                + " sent");
    if (lane.sent == 0 && e.recorded() == 0 && lane.pending() == 0) {
      line.append(" (all there already)");
    }
    lane.runId(RunRecorder.TRIAL)
        .ifPresent(
            id ->
                line.append("; run ")
                    .append(id)
                    .append(" in experiment '")
                    .append(lane.experiment)
                    .append("'"));
    boolean ok = true;
    if (lane.pending() > 0) {
      line.append("; ")
          .append(lane.pending())
          .append(" not delivered")
          .append(down == null ? "" : " (" + down + ")");
      ok = false;
    }
    for (String r : Report.refusals(lane)) {
      line.append("; refused: ").append(r);
      ok = false;
    }
    out.println(line);
    return ok;
  }

  private Options parse(List<String> args) throws Usage {
    if (args.isEmpty() || !args.get(0).equals("sync")) {
      throw new Usage(
          args.isEmpty() ? "missing sub-command" : "unknown sub-command '" + args.get(0) + "'");
    }
    Path runDir = null;
    String uri = null;
    String experiment = null;
    Integer wait = null;
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      String value = null;
      String option = a;
      if (a.startsWith("--") && a.contains("=")) {
        option = a.substring(0, a.indexOf('='));
        value = a.substring(a.indexOf('=') + 1);
      }
      switch (option) {
        case "--tracking-uri", "--experiment", "--wait" -> {
          if (value == null) {
            if (i + 1 >= args.size()) {
              throw new Usage(option + " needs a value");
            }
            value = args.get(++i);
          }
          if (option.equals("--tracking-uri")) {
            uri = value;
          } else if (option.equals("--experiment")) {
            experiment = value;
          } else {
            try {
              wait = Integer.parseInt(value);
            } catch (NumberFormatException e) {
              throw new Usage("--wait takes whole seconds, got '" + value + "'");
            }
          }
        }
        default -> {
          if (a.startsWith("-")) {
            throw new Usage("unknown option " + a);
          }
          if (runDir != null) {
            throw new Usage("too many arguments: " + a);
          }
          runDir = Path.of(a);
        }
      }
    }
    if (runDir == null) {
      throw new Usage("missing RUN_DIR");
    }
    try {
      MlflowSettings checked = new MlflowSettings(uri, experiment, null, wait);
      return new Options(runDir, checked.uri(), checked.experiment(), wait);
    } catch (InvalidSetting e) {
      throw new Usage(
          "--"
              + (e.key().equals("uri")
                  ? "tracking-uri"
                  : e.key().equals("wait-seconds") ? "wait" : e.key())
              + ": "
              + e.getMessage());
    }
  }

  /** The trial's own settings (its workflow's tracking.mlflow block), overridden by the options. */
  private MlflowSettings settings(Path document, Options options) throws IOException {
    JsonNode block = YAML.readTree(document.toFile()).path("tracking").path("mlflow");
    String uri = options.uri() != null ? options.uri() : text(block, "uri");
    if (uri == null) {
      uri = environment.apply("MLFLOW_TRACKING_URI");
    }
    String experiment =
        options.experiment() != null ? options.experiment() : text(block, "experiment");
    String roundFiles = text(block, "round-files");
    Integer wait = options.waitSeconds();
    return new MlflowSettings(
        uri, experiment, roundFiles == null ? null : Boolean.valueOf(roundFiles), wait);
  }

  private static String text(JsonNode block, String key) {
    JsonNode n = block.path(key);
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }

  /**
   * Records a stored trial as a live run would have, with times taken from its round files; its
   * analyses as of its last round.
   */
  static void replay(StoredTrial trial, RunRecorder recorder) throws IOException {
    long last = Files.getLastModifiedTime(trial.document()).toMillis();
    boolean begun = false;
    for (StoredRound stored : trial.rounds()) {
      int k = stored.summary().round();
      long end = Files.getLastModifiedTime(stored.file()).toMillis();
      List<EpochMetrics> epochs = stored.summary().epochs();
      long total = Math.round(epochs.stream().mapToDouble(EpochMetrics::seconds).sum() * 1000);
      long start = end - total;
      List<Long> times = new ArrayList<>();
      long at = start;
      for (EpochMetrics m : epochs) {
        at += Math.round(m.seconds() * 1000);
        times.add(Math.min(at, end));
      }
      if (!begun) {
        recorder.begin(start);
        begun = true;
      }
      if (!"FINISHED".equals(recorder.status(RunRecorder.round(k)))) {
        recorder.roundStarted(k, start);
      }
      recorder.roundFinished(stored.summary(), stored.file(), end, times);
      last = end;
    }
    if (!begun) {
      recorder.begin(last);
    }
    for (StoredMetrics analysis : trial.analyses()) {
      recorder.metrics(analysis.values(), analysis.step(), last);
    }
    String status = recorder.status(RunRecorder.TRIAL);
    if (trial.complete()) {
      recorder.finished(TrialStatus.FINISHED, last);
    } else if (status == null || status.equals(RunRecorder.RUNNING)) {
      // stopped without a word (no tracker saw it end): the closest MLflow status
      recorder.finished(TrialStatus.KILLED, last);
    }
  }
}

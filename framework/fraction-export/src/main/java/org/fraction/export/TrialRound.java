package org.fraction.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.engine.store.DamagedRounds;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.train.NetworkFactory;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.model.Algebra;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.Model;
import org.fraction.spi.model.Network;
import org.fraction.spi.model.ParameterRef;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One finished round of a trial (or of one of its controls), read back with the trial's network:
 * the stored workflow rebuilds the exact configuration, the round file gives weights and masks.
 *
 * @param control the control's name, or "" for the ticket itself
 * @param weights every parameter, pruned weights zero (each weight multiplied by its mask)
 */
public record TrialRound(
    Trial trial,
    Path directory,
    String control,
    int round,
    Path file,
    RoundData data,
    Network network,
    DatasetInfo info,
    InputShape input,
    Map<ParameterRef, INDArray> weights) {

  /**
   * Reads round {@code round} (null: the last finished one) of the trial in {@code dir}: a trial's
   * directory ({@code RUN_DIR/<trial id>}) or one of its controls' ({@code .../<trial
   * id>/random-reinit}).
   *
   * @param warnings told of damaged round files passed over when looking for the last one
   * @throws BadDataException when the directory is not a trial's, the round does not exist, or the
   *     round file is damaged or does not fit the trial's network
   */
  public static TrialRound read(
      Path dir, Integer round, WorkflowLoader loader, Consumer<String> warnings)
      throws IOException {
    Path document = dir.resolve(TrialDirectory.DOCUMENT);
    String control = "";
    if (!Files.isRegularFile(document)) {
      Path parent = dir.toAbsolutePath().normalize().getParent();
      if (parent != null
          && Files.isRegularFile(parent.resolve(TrialDirectory.DOCUMENT))
          && Files.isDirectory(dir)) {
        control = dir.toAbsolutePath().normalize().getFileName().toString();
        document = parent.resolve(TrialDirectory.DOCUMENT);
      } else {
        throw new BadDataException(dir, notATrial(dir));
      }
    }
    Trial trial = loader.loadTrial(Files.readString(document), document.toString());
    TrialDirectory trialDir = new TrialDirectory(dir);
    List<Integer> rounds = trialDir.rounds();
    if (rounds.isEmpty()) {
      throw new BadDataException(dir, "has no finished round to export");
    }
    int k = round == null ? lastReadable(trialDir, rounds, warnings) : round;
    if (!rounds.contains(k)) {
      throw new BadDataException(
          dir,
          "has no round "
              + k
              + "; its finished rounds are "
              + rounds.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }
    Path file = trialDir.roundFile(k);
    RoundData data = RoundFiles.read(file);
    WorkflowSettings s = trial.settings();
    Model model = s.model().create();
    DatasetInfo info = s.dataset().create().info();
    Algebra algebra = s.model().engine().algebra();
    InputShape input = NetworkFactory.networkInput(model, info, algebra);
    Network network =
        NetworkFactory.describe(
            model, info, algebra, s.training().optimizer().create(), null, s.seed());
    Map<ParameterRef, INDArray> weights = new LinkedHashMap<>();
    for (Map.Entry<ParameterRef, INDArray> e : data.weights().entrySet()) {
      INDArray mask = data.masks().get(e.getKey());
      if (mask != null && mask.length() != e.getValue().length()) {
        throw new BadDataException(
            file,
            "the mask of "
                + e.getKey()
                + " has "
                + mask.length()
                + " entries, its weight "
                + e.getValue().length());
      }
      weights.put(
          e.getKey(),
          mask == null ? e.getValue() : e.getValue().mul(mask.reshape(e.getValue().shape())));
    }
    for (ParameterRef ref : network.prunable()) {
      if (!weights.containsKey(ref)) {
        throw new BadDataException(
            file,
            "holds no weights for "
                + ref.layer()
                + "/"
                + ref.param()
                + " of the trial's "
                + s.model().typeName()
                + "; it does not belong to this trial");
      }
    }
    return new TrialRound(
        trial, dir, control, k, file, data, network, info, input, Map.copyOf(weights));
  }

  private static int lastReadable(
      TrialDirectory dir, List<Integer> rounds, Consumer<String> warnings) throws BadDataException {
    for (int i = rounds.size() - 1; i >= 0; i--) {
      Path file = dir.roundFile(rounds.get(i));
      Optional<String> problem = DamagedRounds.problem(file);
      if (problem.isEmpty()) {
        return rounds.get(i);
      }
      warnings.accept(file + ": " + problem.get() + "; passed over");
    }
    throw new BadDataException(dir.path(), "has no readable round file to export");
  }

  private static String notATrial(Path dir) {
    if (!Files.isDirectory(dir)) {
      return "no such trial directory";
    }
    try (Stream<Path> children = Files.list(dir)) {
      List<String> trials =
          children
              .filter(c -> Files.isRegularFile(c.resolve(TrialDirectory.DOCUMENT)))
              .map(c -> c.getFileName().toString())
              .sorted()
              .toList();
      if (!trials.isEmpty()) {
        return "is a run directory; export one of its trials, e.g. " + dir.resolve(trials.get(0));
      }
    } catch (IOException e) {
      // fall through to the general message
    }
    return "is not a trial directory (it holds no "
        + TrialDirectory.DOCUMENT
        + "); give RUN_DIR/<trial id>";
  }

  public Algebra algebra() {
    return trial.settings().model().engine().algebra();
  }

  /** Masks of the prunable tensors. */
  public Map<ParameterRef, INDArray> masks() {
    return data.masks();
  }
}

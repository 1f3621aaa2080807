package org.fraction.engine.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fraction.engine.data.Seeds;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.settings.TransferSettings;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.model.ParameterRef;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ticket a {@code transfer} block names: another trial's mask at a round and its rewind
 * weights, checked against this trial's network (model, algebra, every tensor's shape).
 */
public final class TransferSource {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final TransferSettings settings;
  private final Path roundFile;
  private final Map<ParameterRef, INDArray> masks;
  private final Map<ParameterRef, INDArray> rewind;

  private TransferSource(
      TransferSettings settings,
      Path roundFile,
      Map<ParameterRef, INDArray> masks,
      Map<ParameterRef, INDArray> rewind) {
    this.settings = settings;
    this.roundFile = roundFile;
    this.masks = masks;
    this.rewind = rewind;
  }

  /**
   * Reads the source of {@code trial}'s transfer block and checks it against {@code net}, a network
   * of the trial; null without a transfer block.
   *
   * @throws BadDataException naming the source and what differs, when it is missing or does not fit
   */
  public static TransferSource open(Trial trial, BuiltNetwork net) throws IOException {
    TransferSettings t = trial.settings().transfer();
    if (t == null) {
      return null;
    }
    TrialDirectory source = new TrialDirectory(t.from());
    Path document = t.from().resolve(TrialDirectory.DOCUMENT);
    if (!Files.isRegularFile(document)) {
      throw new BadDataException(
          t.from(), "transfer.from: no trial here (no " + TrialDirectory.DOCUMENT + ")");
    }
    if (!source.hasRound(t.round())) {
      throw new BadDataException(
          t.from(),
          "transfer.round: the source trial has no finished round "
              + t.round()
              + " ("
              + source.roundFile(t.round()).getFileName()
              + " is missing)");
    }
    List<String> differences = new ArrayList<>();
    Map<?, ?> model = (Map<?, ?>) YAML.readValue(source.readDocument(), Map.class).get("model");
    String type = trial.settings().model().typeName();
    String algebra = trial.settings().model().engine().algebra().id();
    if (model == null || !type.equals(String.valueOf(model.get("type")))) {
      differences.add(
          "model.type "
              + (model == null ? "missing" : model.get("type"))
              + " in the source, "
              + type
              + " here");
    }
    if (model != null && !algebra.equals(String.valueOf(model.get("algebra")))) {
      differences.add(
          "model.algebra " + model.get("algebra") + " in the source, " + algebra + " here");
    }
    RoundData round = RoundFiles.read(source.roundFile(t.round()));
    compareShapes("mask", round.masks(), net, net.prunable(), differences);
    Map<ParameterRef, INDArray> rewind = Map.of();
    if (t.weights() == TransferSettings.Weights.REWIND) {
      rewind = source.hasRound(0) ? RoundFiles.read(source.roundFile(0)).rewind() : Map.of();
      if (rewind.isEmpty()) {
        differences.add("weights: rewind, but the source's round 0 stores no rewind weights");
      } else {
        compareShapes("rewind weight", rewind, net, net.parameters(), differences);
      }
    }
    if (!differences.isEmpty()) {
      throw new BadDataException(
          t.from(),
          "transfer: the source does not fit this trial: " + String.join("; ", differences));
    }
    return new TransferSource(t, source.roundFile(t.round()), round.masks(), rewind);
  }

  private static void compareShapes(
      String what,
      Map<ParameterRef, INDArray> stored,
      BuiltNetwork net,
      List<ParameterRef> expected,
      List<String> differences) {
    for (ParameterRef ref : expected) {
      INDArray s = stored.get(ref);
      long[] here = net.param(ref).shape();
      if (s == null) {
        differences.add(ref + ": no " + what + " in the source");
      } else if (s.length() != net.param(ref).length()) {
        differences.add(
            ref
                + ": "
                + what
                + " of shape "
                + Arrays.toString(s.shape())
                + " in the source, "
                + Arrays.toString(here)
                + " here");
      }
    }
    for (ParameterRef ref : stored.keySet()) {
      if (!expected.contains(ref)) {
        differences.add(ref + ": a " + what + " in the source that this network does not have");
      }
    }
  }

  /**
   * The source's masks, or with {@code random-mask} random ones keeping as many weights per tensor.
   */
  MaskSet masks(BuiltNetwork net, long seed) {
    MaskSet source = TrialRunner.masksOf(net, masks);
    return settings.randomMask()
        ? TrialRunner.randomMasks(
            source, new SplittableRandom(Seeds.derive(seed, "transfer-random-mask")))
        : source;
  }

  /** The weights round 0 starts from: the source's rewind weights, or null for the trial's own. */
  Map<ParameterRef, INDArray> startWeights() {
    return rewind.isEmpty() ? null : new LinkedHashMap<>(rewind);
  }

  public Path roundFile() {
    return roundFile;
  }
}

package org.fraction.engine.results;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.fraction.engine.store.MaskCount;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.store.RoundFileSchema;

/** Per-layer densities read from the masks in round files. */
public final class LayerResults {

  private LayerResults() {}

  /** The layers of one round file by name, its tensors summed per layer. */
  public static List<LayerRow> ofRound(Path roundFile) throws IOException {
    RoundData summary = RoundFiles.readSummary(roundFile);
    Map<String, long[]> layers = new java.util.TreeMap<>();
    for (MaskCount c : RoundFiles.readMaskCounts(roundFile)) {
      long[] sum = layers.computeIfAbsent(c.ref().layer(), k -> new long[2]);
      sum[0] += c.kept();
      sum[1] += c.size();
    }
    List<LayerRow> out = new ArrayList<>();
    for (Map.Entry<String, long[]> e : layers.entrySet()) {
      out.add(
          new LayerRow(
              summary.text(RoundFileSchema.TRIAL),
              summary.text(RoundFileSchema.CONTROL),
              summary.text(RoundFileSchema.ALGEBRA),
              (int) summary.number(RoundFileSchema.ROUND),
              e.getKey(),
              e.getValue()[1],
              e.getValue()[0]));
    }
    return out;
  }

  /**
   * The layers of round {@code round} of every trial and control under {@code runDir}, or of each
   * one's last readable finished round when {@code round} is null. Trials and controls without that
   * round are left out, damaged round files too (named to {@code warnings}); it is an error when
   * none has it.
   */
  public static List<LayerRow> read(Path runDir, Integer round, Consumer<String> warnings)
      throws IOException {
    List<LayerRow> out = new ArrayList<>();
    for (TrialDirectory trial : RunResults.trials(runDir)) {
      add(trial, round, out, warnings);
      for (String control : trial.controls()) {
        add(trial.control(control), round, out, warnings);
      }
    }
    if (out.isEmpty()) {
      throw new BadDataException(
          runDir,
          round == null ? "holds no finished round" : "no trial has finished round " + round);
    }
    return out;
  }

  private static void add(
      TrialDirectory dir, Integer round, List<LayerRow> out, Consumer<String> warnings)
      throws IOException {
    List<Integer> candidates = new ArrayList<>(dir.rounds());
    Collections.reverse(candidates);
    if (round != null) {
      candidates.retainAll(List.of(round));
    }
    for (int k : candidates) {
      try {
        out.addAll(ofRound(dir.roundFile(k)));
        return;
      } catch (BadDataException e) {
        warnings.accept(e.getMessage() + "; round " + k + " is left out");
      }
    }
  }
}

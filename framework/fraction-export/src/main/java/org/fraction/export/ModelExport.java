package org.fraction.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraction.engine.data.ChannelStatistics;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.settings.DatasetKeys;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.engine.train.FractionVersion;
import org.fraction.inference.InputSpec;
import org.fraction.inference.ModelFile;
import org.fraction.inference.ModelSpec;
import org.fraction.inference.NodeSpec;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.store.RoundFileSchema;

/** Turns a trial's round into a model file: only what inference needs, weights as they survived. */
public final class ModelExport {

  private ModelExport() {}

  /** What an export wrote. */
  public record Result(Path file, long bytes, ModelSpec spec) {

    public long nonZeros() {
      return spec.weightCounts()[0];
    }

    public long weights() {
      return spec.weightCounts()[1];
    }
  }

  /**
   * The model of a round.
   *
   * @param data the process's data cache, read only when the trial normalises by the statistics of
   *     its training images
   */
  public static ModelSpec spec(TrialRound round, DataCache data) throws IOException {
    List<NodeSpec> nodes;
    try {
      nodes =
          new GraphExporter(
                  round.network().configuration(),
                  round.input(),
                  round.weights(),
                  round.masks(),
                  round.network().quaternionGroups())
              .export();
    } catch (IllegalStateException e) {
      throw new BadDataException(round.file(), e.getMessage());
    }
    WorkflowSettings s = round.trial().settings();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put(RoundFileSchema.MODEL, s.model().typeName());
    meta.put(RoundFileSchema.ALGEBRA, round.algebra().id());
    meta.put(RoundFileSchema.DATASET, s.dataset().typeName());
    meta.put(RoundFileSchema.WORKFLOW, round.trial().name());
    meta.put(RoundFileSchema.TRIAL, round.trial().id());
    if (!round.control().isEmpty()) {
      meta.put(RoundFileSchema.CONTROL, round.control());
    }
    meta.put(RoundFileSchema.ROUND, (long) round.round());
    for (String key :
        List.of(
            RoundFileSchema.DENSITY,
            RoundFileSchema.DENSITY_VS_REAL,
            RoundFileSchema.PARAMS_REMAINING,
            RoundFileSchema.TEST_ACCURACY)) {
      Object v = round.data().attributes().get(key);
      if (v instanceof Number) {
        meta.put(key, v);
      }
    }
    meta.put("fraction_version", FractionVersion.get());
    return new ModelSpec(input(round, data), round.info().classes(), nodes, meta);
  }

  /** Writes the model of a round to {@code out}. */
  public static Result export(TrialRound round, Path out, DataCache data) throws IOException {
    ModelSpec spec = spec(round, data);
    ModelFile.write(out, spec);
    return new Result(out, Files.size(out), spec);
  }

  private static InputSpec input(TrialRound round, DataCache data) throws IOException {
    DatasetInfo info = round.info();
    DatasetKeys keys = round.trial().settings().dataset().engine();
    double[] mean = null;
    double[] std = null;
    if (keys.normalize() == DatasetKeys.Normalize.PUBLISHED) {
      mean = info.mean();
      std = info.std();
    } else if (keys.normalize() == DatasetKeys.Normalize.COMPUTED) {
      ChannelStatistics stats = data.statistics(data.get(round.trial().settings().dataset()));
      mean = stats.mean();
      std = stats.std();
    }
    return new InputSpec(
        info.shape().height(),
        info.shape().width(),
        info.shape().channels(),
        round.input().channels(),
        mean,
        std);
  }
}

package org.fraction.engine.store;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fraction.inference.AtomicWrite;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.store.RoundFileSchema;
import org.fraction.spi.tracking.EpochMetrics;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes round files (HDF5, through jhdf); {@link RoundFileSchema} defines every name:
 *
 * <pre>
 * /                       attributes: format, round, density, test_accuracy, ...
 * /weights/&lt;layer&gt;/&lt;param&gt;  float32, the parameter's shape
 * /masks/&lt;layer&gt;/&lt;param&gt;    int8 0/1, for prunable tensors
 * /rewind/&lt;layer&gt;/&lt;param&gt;   float32, round 0 only: the weights later rounds rewind to
 * /metrics/&lt;name&gt;           float64 per epoch: epoch, train_loss, test_loss, test_accuracy, ...
 * /updater/state          float32, epoch checkpoints only
 * </pre>
 *
 * Files are written under a temporary name, flushed to disk and renamed, so a file with the final
 * name is always complete.
 */
public final class RoundFiles {

  public static final String FORMAT = RoundFileSchema.FORMAT_NAME;
  public static final long FORMAT_VERSION = RoundFileSchema.FORMAT_VERSION_NUMBER;

  static final String[] METRICS = RoundFileSchema.METRICS.toArray(String[]::new);

  private RoundFiles() {}

  public static void write(Path file, RoundData data) throws IOException {
    AtomicWrite.write(file, tmp -> writeHdf(tmp, data));
  }

  private static void writeHdf(Path tmp, RoundData data) {
    try (WritableHdfFile h5 = HdfFile.write(tmp)) {
      h5.putAttribute(RoundFileSchema.FORMAT, FORMAT);
      h5.putAttribute(RoundFileSchema.FORMAT_VERSION, FORMAT_VERSION);
      for (Map.Entry<String, Object> a : new TreeMap<>(data.attributes()).entrySet()) {
        h5.putAttribute(a.getKey(), attributeValue(a.getValue()));
      }
      putTensors(h5, RoundFileSchema.WEIGHTS, data.weights(), false);
      putTensors(h5, RoundFileSchema.MASKS, data.masks(), true);
      if (!data.rewind().isEmpty()) {
        putTensors(h5, RoundFileSchema.REWIND, data.rewind(), false);
      }
      putMetrics(h5.putGroup(RoundFileSchema.METRICS_GROUP), data.epochs());
      if (data.updaterState() != null) {
        WritableGroup updater = h5.putGroup(RoundFileSchema.UPDATER);
        updater.putDataset(
            RoundFileSchema.UPDATER_STATE,
            FlatDataset.flatFloats(updater, RoundFileSchema.UPDATER_STATE, data.updaterState()));
      }
    }
  }

  private static Object attributeValue(Object v) {
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    return v;
  }

  private static void putTensors(
      WritableHdfFile h5, String group, Map<ParameterRef, INDArray> tensors, boolean asMask) {
    WritableGroup root = h5.putGroup(group);
    Map<String, WritableGroup> layers = new LinkedHashMap<>();
    for (Map.Entry<ParameterRef, INDArray> e : new TreeMap<>(tensors).entrySet()) {
      WritableGroup layer = layers.computeIfAbsent(e.getKey().layer(), root::putGroup);
      String name = e.getKey().param();
      layer.putDataset(
          name,
          asMask
              ? FlatDataset.mask(layer, name, e.getValue())
              : FlatDataset.floats(layer, name, e.getValue()));
    }
  }

  private static void putMetrics(WritableGroup group, List<EpochMetrics> epochs) {
    int n = epochs.size();
    double[][] columns = new double[METRICS.length][n];
    for (int e = 0; e < n; e++) {
      EpochMetrics m = epochs.get(e);
      double[] row = {
        m.epoch(),
        m.trainLoss(),
        m.testLoss(),
        m.testAccuracy(),
        m.learningRate(),
        m.imagesPerSecond(),
        m.seconds(),
        m.density()
      };
      for (int c = 0; c < METRICS.length; c++) {
        columns[c][e] = row[c];
      }
    }
    for (int c = 0; c < METRICS.length; c++) {
      group.putDataset(METRICS[c], columns[c]);
    }
  }

  /** Reads a whole round file. */
  public static RoundData read(Path file) throws IOException {
    return read(file, true);
  }

  /** Reads attributes and metrics only, leaving the tensors on disk. */
  public static RoundData readSummary(Path file) throws IOException {
    return read(file, false);
  }

  private static RoundData read(Path file, boolean tensors) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new BadDataException(file, "no such round file");
    }
    try (HdfFile h5 = new HdfFile(file)) {
      Map<String, Object> attributes = new LinkedHashMap<>();
      for (Map.Entry<String, Attribute> a : h5.getAttributes().entrySet()) {
        attributes.put(a.getKey(), scalar(a.getValue().getData()));
      }
      if (!FORMAT.equals(attributes.get(RoundFileSchema.FORMAT))) {
        throw new BadDataException(
            file,
            "not a Fraction round file (format attribute is "
                + attributes.get(RoundFileSchema.FORMAT)
                + ")");
      }
      Map<ParameterRef, INDArray> weights =
          tensors ? readTensors(h5, RoundFileSchema.WEIGHTS) : Map.of();
      Map<ParameterRef, INDArray> masks =
          tensors ? readTensors(h5, RoundFileSchema.MASKS) : Map.of();
      Map<ParameterRef, INDArray> rewind =
          tensors && h5.getChildren().containsKey(RoundFileSchema.REWIND)
              ? readTensors(h5, RoundFileSchema.REWIND)
              : Map.of();
      List<EpochMetrics> epochs = readMetrics(h5);
      INDArray updater = null;
      if (tensors && h5.getChildren().containsKey(RoundFileSchema.UPDATER)) {
        String path = RoundFileSchema.path(RoundFileSchema.UPDATER, RoundFileSchema.UPDATER_STATE);
        float[] state = (float[]) h5.getDatasetByPath(path).getDataFlat();
        updater = Nd4j.create(state, new long[] {1, state.length}, 'c');
      }
      return new RoundData(attributes, weights, masks, rewind, epochs, updater);
    } catch (BadDataException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BadDataException(file, "cannot read round file: " + e.getMessage());
    }
  }

  /** The kept and total weights of every mask in a round file, without reading any other tensor. */
  public static List<MaskCount> readMaskCounts(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new BadDataException(file, "no such round file");
    }
    try (HdfFile h5 = new HdfFile(file)) {
      List<MaskCount> out = new ArrayList<>();
      if (h5.getChild(RoundFileSchema.MASKS) instanceof Group masks) {
        for (Node layer : masks.getChildren().values()) {
          if (layer instanceof Group lg) {
            for (Node param : lg.getChildren().values()) {
              if (param instanceof Dataset d) {
                out.add(count(new ParameterRef(layer.getName(), param.getName()), d.getDataFlat()));
              }
            }
          }
        }
      }
      return out;
    } catch (RuntimeException e) {
      throw new BadDataException(file, "cannot read the masks of round file: " + e.getMessage());
    }
  }

  private static MaskCount count(ParameterRef ref, Object flat) {
    long kept = 0;
    long size = Array.getLength(flat);
    if (flat instanceof byte[] b) {
      for (byte v : b) {
        kept += v != 0 ? 1 : 0;
      }
    } else {
      for (int i = 0; i < size; i++) {
        kept += ((Number) Array.get(flat, i)).doubleValue() != 0 ? 1 : 0;
      }
    }
    return new MaskCount(ref, kept, size);
  }

  static Object scalar(Object data) {
    if (data != null && data.getClass().isArray() && Array.getLength(data) == 1) {
      return Array.get(data, 0);
    }
    return data;
  }

  private static Map<ParameterRef, INDArray> readTensors(HdfFile h5, String group) {
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    Node root = h5.getChild(group);
    if (!(root instanceof Group g)) {
      return out;
    }
    for (Node layer : g.getChildren().values()) {
      if (!(layer instanceof Group lg)) {
        continue;
      }
      for (Node param : lg.getChildren().values()) {
        if (param instanceof Dataset d) {
          out.put(new ParameterRef(layer.getName(), param.getName()), tensor(d));
        }
      }
    }
    return out;
  }

  static INDArray tensor(Dataset d) {
    int[] dims = d.getDimensions();
    long[] shape = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      shape[i] = dims[i];
    }
    Object flat = d.getDataFlat();
    float[] values;
    if (flat instanceof float[] f) {
      values = f;
    } else if (flat instanceof byte[] b) {
      values = new float[b.length];
      for (int i = 0; i < b.length; i++) {
        values[i] = b[i];
      }
    } else if (flat instanceof double[] dd) {
      values = new float[dd.length];
      for (int i = 0; i < dd.length; i++) {
        values[i] = (float) dd[i];
      }
    } else {
      throw new IllegalStateException(
          "unexpected data type " + d.getJavaType() + " in " + d.getPath());
    }
    return Nd4j.create(values, shape, 'c').castTo(DataType.FLOAT);
  }

  private static List<EpochMetrics> readMetrics(HdfFile h5) {
    List<EpochMetrics> out = new ArrayList<>();
    if (!h5.getChildren().containsKey(RoundFileSchema.METRICS_GROUP)) {
      return out;
    }
    double[][] columns = new double[METRICS.length][];
    var metrics = h5.getChildren().get(RoundFileSchema.METRICS_GROUP);
    for (int c = 0; c < METRICS.length; c++) {
      boolean stored = !(metrics instanceof Group g) || g.getChildren().containsKey(METRICS[c]);
      String path = RoundFileSchema.path(RoundFileSchema.METRICS_GROUP, METRICS[c]);
      columns[c] = stored ? (double[]) h5.getDatasetByPath(path).getDataFlat() : null;
    }
    for (int e = 0; e < columns[0].length; e++) {
      double density =
          columns[7] == null
              ? Double.NaN
              : columns[7][e]; // files before per-epoch densities lack it
      out.add(
          new EpochMetrics(
              (int) columns[0][e],
              columns[1][e],
              columns[2][e],
              columns[3][e],
              columns[4][e],
              columns[5][e],
              columns[6][e],
              density));
    }
    return out;
  }
}

package org.fraction.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraction.engine.testing.H5py;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.tracking.EpochMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tensors are written from their flat memory in one piece, yet the file is what a reader saw when
 * they went through jhdf's nested Java arrays: the same bytes, the same values, shapes and types in
 * h5py, whatever the tensor's order or rank.
 */
class RoundFilesWriteTest {

  private static final ParameterRef CONV = new ParameterRef("conv", "W");
  private static final ParameterRef DENSE = new ParameterRef("dense", "W");
  private static final ParameterRef BIAS = new ParameterRef("dense", "b");
  private static final ParameterRef SCALE = new ParameterRef("norm", "gamma");

  /** One epoch's metrics, in the order of {@link RoundFiles#METRICS}. */
  private static final double[] METRICS = {1, 2.0, 1.5, 0.25, 0.1, 100, 3.0, 0.5};

  @TempDir Path dir;

  /**
   * 4-d, 2-d in f order, a row vector and a view of a larger array: every layout the engine has.
   */
  private static Map<ParameterRef, INDArray> weights() {
    Map<ParameterRef, INDArray> w = new LinkedHashMap<>();
    w.put(CONV, Nd4j.arange(2 * 3 * 3 * 3).castTo(DataType.FLOAT).reshape('c', 2, 3, 3, 3));
    w.put(DENSE, Nd4j.arange(12).castTo(DataType.FLOAT).reshape('c', 3, 4).dup('f').mul(0.5));
    w.put(BIAS, Nd4j.create(new float[] {-1.5f, 0f, 2.25f, 1e-8f}, new long[] {1, 4}));
    w.put(SCALE, Nd4j.arange(10).castTo(DataType.FLOAT).reshape(2, 5).getRow(1, true));
    return w;
  }

  private static Map<ParameterRef, INDArray> masks(Map<ParameterRef, INDArray> weights) {
    Map<ParameterRef, INDArray> m = new LinkedHashMap<>();
    m.put(CONV, weights.get(CONV).gt(20).castTo(DataType.FLOAT));
    m.put(DENSE, weights.get(DENSE).lt(2).castTo(DataType.FLOAT).dup('f'));
    return m;
  }

  private static RoundData checkpoint() {
    Map<ParameterRef, INDArray> w = weights();
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("round", 1L);
    attributes.put("density", 0.5);
    return new RoundData(
        attributes,
        w,
        masks(w),
        w,
        List.of(
            new EpochMetrics(
                (int) METRICS[0],
                METRICS[1],
                METRICS[2],
                METRICS[3],
                METRICS[4],
                METRICS[5],
                METRICS[6],
                METRICS[7])),
        Nd4j.arange(7).castTo(DataType.FLOAT).reshape(1, 7));
  }

  @Test
  void theFileIsByteForByteWhatJhdfWritesFromNestedArrays() throws Exception {
    Path flat = dir.resolve("flat.h5");
    Path nested = dir.resolve("nested.h5");
    RoundFiles.write(flat, checkpoint());
    writeThroughNestedArrays(nested, checkpoint());

    assertThat(Files.readAllBytes(flat)).isEqualTo(Files.readAllBytes(nested));
  }

  @Test
  void h5pySeesTheValuesShapesAndTypesOfEveryTensor() throws Exception {
    Path file = dir.resolve("round.h5");
    RoundFiles.write(file, checkpoint());

    JsonNode h5 = h5py(file);

    JsonNode conv = h5.get("/weights/conv/W");
    assertThat(conv.get("dtype").asText()).isEqualTo("float32");
    assertThat(ints(conv.get("shape"))).containsExactly(2, 3, 3, 3);
    assertThat(conv.get("values").get(0).asDouble()).isEqualTo(0.0);
    assertThat(conv.get("values").get(53).asDouble()).isEqualTo(53.0);
    // c order of the 3x4 matrix 0.5 * (0..11), though it was held in f order
    assertThat(doubles(h5.get("/weights/dense/W").get("values")))
        .containsExactly(0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5);
    assertThat(ints(h5.get("/weights/dense/W").get("shape"))).containsExactly(3, 4);
    assertThat(doubles(h5.get("/weights/dense/b").get("values")))
        .containsExactly(-1.5, 0, 2.25, (double) 1e-8f);
    assertThat(ints(h5.get("/weights/dense/b").get("shape"))).containsExactly(1, 4);
    assertThat(doubles(h5.get("/weights/norm/gamma").get("values"))).containsExactly(5, 6, 7, 8, 9);
    assertThat(h5.get("/rewind/conv/W").get("values")).isEqualTo(conv.get("values"));

    JsonNode convMask = h5.get("/masks/conv/W");
    assertThat(convMask.get("dtype").asText()).isEqualTo("int8");
    assertThat(ints(convMask.get("shape"))).containsExactly(2, 3, 3, 3);
    int[] expected = new int[54];
    for (int i = 21; i < 54; i++) {
      expected[i] = 1;
    }
    assertThat(ints(convMask.get("values"))).containsExactly(expected);
    assertThat(ints(h5.get("/masks/dense/W").get("values")))
        .containsExactly(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);

    JsonNode updater = h5.get("/updater/state");
    assertThat(updater.get("dtype").asText()).isEqualTo("float32");
    assertThat(ints(updater.get("shape"))).containsExactly(7);
    assertThat(doubles(updater.get("values"))).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(doubles(h5.get("/metrics/test_accuracy").get("values"))).containsExactly(0.25);
  }

  @Test
  void whatIsWrittenReadsBackUnchanged() throws Exception {
    Path file = dir.resolve("round.h5");
    RoundData written = checkpoint();
    RoundFiles.write(file, written);

    RoundData read = RoundFiles.read(file);

    for (ParameterRef ref : List.of(CONV, DENSE, BIAS, SCALE)) {
      assertThat(read.weights().get(ref).shape())
          .as("%s", ref)
          .isEqualTo(written.weights().get(ref).shape());
      assertThat(read.weights().get(ref))
          .as("%s", ref)
          .isEqualTo(written.weights().get(ref).dup('c'));
    }
    assertThat(read.masks().get(DENSE)).isEqualTo(written.masks().get(DENSE).dup('c'));
    assertThat(read.updaterState().toFloatVector())
        .containsExactly(written.updaterState().toFloatVector());
  }

  /** The round file as the nested-array writer made it (kept here as the reference). */
  private static void writeThroughNestedArrays(Path file, RoundData data) {
    try (WritableHdfFile h5 = HdfFile.write(file)) {
      h5.putAttribute("format", RoundFiles.FORMAT);
      h5.putAttribute("format_version", RoundFiles.FORMAT_VERSION);
      h5.putAttribute("density", 0.5);
      h5.putAttribute("round", 1L);
      putNested(h5.putGroup("weights"), data.weights(), false);
      putNested(h5.putGroup("masks"), data.masks(), true);
      putNested(h5.putGroup("rewind"), data.rewind(), false);
      WritableGroup metrics = h5.putGroup("metrics");
      for (int c = 0; c < RoundFiles.METRICS.length; c++) {
        metrics.putDataset(RoundFiles.METRICS[c], new double[] {METRICS[c]});
      }
      h5.putGroup("updater").putDataset("state", data.updaterState().dup('c').data().asFloat());
    }
  }

  private static void putNested(
      WritableGroup group, Map<ParameterRef, INDArray> tensors, boolean asMask) {
    Map<String, WritableGroup> layers = new LinkedHashMap<>();
    new java.util.TreeMap<>(tensors)
        .forEach(
            (ref, t) ->
                layers
                    .computeIfAbsent(ref.layer(), group::putGroup)
                    .putDataset(ref.param(), nested(t, asMask)));
  }

  private static Object nested(INDArray tensor, boolean asMask) {
    int[] dims = new int[tensor.rank()];
    for (int d = 0; d < dims.length; d++) {
      dims[d] = (int) tensor.size(d);
    }
    float[] flat = tensor.dup('c').data().asFloat();
    Object out = Array.newInstance(asMask ? byte.class : float.class, dims);
    for (int i = 0; i < flat.length; i++) {
      Object row = out;
      int rest = i;
      int[] index = new int[dims.length];
      for (int d = dims.length - 1; d >= 0; d--) {
        index[d] = rest % dims[d];
        rest /= dims[d];
      }
      for (int d = 0; d < dims.length - 1; d++) {
        row = Array.get(row, index[d]);
      }
      if (asMask) {
        Array.setByte(row, index[dims.length - 1], flat[i] != 0 ? (byte) 1 : (byte) 0);
      } else {
        Array.setFloat(row, index[dims.length - 1], flat[i]);
      }
    }
    return out;
  }

  /** Every dataset's dtype, shape and values (flat, c order) as h5py reads them. */
  private static JsonNode h5py(Path file) throws IOException, InterruptedException {
    return H5py.json(
        """
        import sys, json, h5py, numpy as np
        f = h5py.File(sys.argv[1], "r")
        out = {}
        f.visititems(lambda n, o: out.__setitem__("/" + n, {"dtype": o.dtype.name,
            "shape": list(o.shape), "values": np.asarray(o).ravel().tolist()})
            if isinstance(o, h5py.Dataset) else None)
        print(json.dumps(out))
        """,
        file);
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}

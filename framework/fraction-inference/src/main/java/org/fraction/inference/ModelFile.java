package org.fraction.inference;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.WritableNode;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes model files: HDF5 (through jhdf), laid out as described in {@code
 * docs/inference.md}:
 *
 * <pre>
 * /                      attributes: format = "fraction-model", format_version, classes, output = "softmax",
 *                        and metadata (model, algebra, dataset, trial, round, density, ...)
 * /input                 attributes: height, width, channels, network_channels;
 *                        datasets mean, std (float64, one per channel) when images are standardised
 * /nodes/NNN             one group per operation, in execution order (000, 001, ...); attributes name,
 *                        op, inputs (comma-separated node names, "input" for the model's input) and the
 *                        op's settings; datasets bias, scale, shift (float32) where the op has them
 * /nodes/NNN/weight      attributes algebra (real | quaternion | quaternion-components), shape, stored;
 *                        values (float32, flat) and, when sparse, gaps (8-bit, unsigned)
 * </pre>
 *
 * A sparse tensor stores the c-order flat positions of its values as gaps: position k is the sum of
 * the first k+1 gaps minus one, every gap in 1..255; a longer run of zeros is bridged by entries
 * whose value is 0. A tensor is stored dense when that takes fewer bytes. Files are written under a
 * temporary name and renamed, so a model file is always complete.
 */
public final class ModelFile {

  public static final String FORMAT = "fraction-model";
  public static final long FORMAT_VERSION = 1;
  static final int MAX_GAP = 255;

  private ModelFile() {}

  // ---------------------------------------------------------------- writing

  public static void write(Path file, ModelSpec spec) throws IOException {
    AtomicWrite.write(file, tmp -> writeHdf(tmp, spec));
  }

  private static void writeHdf(Path tmp, ModelSpec spec) {
    try (WritableHdfFile h5 = HdfFile.write(tmp)) {
      h5.putAttribute("format", FORMAT);
      h5.putAttribute("format_version", FORMAT_VERSION);
      h5.putAttribute("classes", (long) spec.classes());
      h5.putAttribute("output", "softmax");
      for (Map.Entry<String, Object> m : new TreeMap<>(spec.metadata()).entrySet()) {
        if (!List.of("format", "format_version", "classes", "output").contains(m.getKey())) {
          h5.putAttribute(m.getKey(), attribute(m.getValue()));
        }
      }
      writeInput(h5.putGroup("input"), spec.input());
      WritableGroup nodes = h5.putGroup("nodes");
      int index = 0;
      for (NodeSpec node : spec.nodes()) {
        writeNode(nodes.putGroup(String.format("%03d", index++)), node);
      }
    }
  }

  private static Object attribute(Object v) {
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    if (v instanceof String || v instanceof Long || v instanceof Double) {
      return v;
    }
    return String.valueOf(v);
  }

  private static void writeInput(WritableGroup g, InputSpec in) {
    g.putAttribute("height", (long) in.height());
    g.putAttribute("width", (long) in.width());
    g.putAttribute("channels", (long) in.channels());
    g.putAttribute("network_channels", (long) in.networkChannels());
    if (in.mean() != null) {
      g.putDataset("mean", in.mean());
      g.putDataset("std", in.std());
    }
  }

  private static void writeNode(WritableGroup g, NodeSpec node) {
    for (String input : node.inputs()) {
      if (input.contains(",")) {
        throw new IllegalArgumentException("node name '" + input + "' contains a comma");
      }
    }
    g.putAttribute("name", node.name());
    g.putAttribute("op", node.op());
    g.putAttribute("inputs", String.join(",", node.inputs()));
    if (node instanceof NodeSpec.Dense d) {
      g.putAttribute("in", (long) d.in());
      g.putAttribute("out", (long) d.out());
      g.putAttribute("activation", d.activation().id());
      putOptional(g, "bias", d.bias());
      putOptional(g, "scale", d.scale());
      writeWeight(g.putGroup("weight"), d.weight());
    } else if (node instanceof NodeSpec.Convolution c) {
      g.putAttribute("in", (long) c.in());
      g.putAttribute("out", (long) c.out());
      g.putAttribute("kernel", longs(c.kernel()));
      g.putAttribute("stride", longs(c.stride()));
      g.putAttribute("padding", longs(c.padding()));
      g.putAttribute("activation", c.activation().id());
      putOptional(g, "bias", c.bias());
      putOptional(g, "scale", c.scale());
      writeWeight(g.putGroup("weight"), c.weight());
    } else if (node instanceof NodeSpec.Affine a) {
      g.putDataset("scale", a.scale());
      g.putDataset("shift", a.shift());
    } else if (node instanceof NodeSpec.Activate a) {
      g.putAttribute("activation", a.activation().id());
    } else if (node instanceof NodeSpec.Pool p) {
      g.putAttribute("type", p.type().id());
      g.putAttribute("kernel", longs(p.kernel()));
      g.putAttribute("stride", longs(p.stride()));
    } else if (node instanceof NodeSpec.GlobalPool p) {
      g.putAttribute("type", p.type().id());
    } else if (node instanceof NodeSpec.Add a) {
      g.putAttribute("activation", a.activation().id());
    }
  }

  private static void putOptional(WritableGroup g, String name, float[] values) {
    if (values != null) {
      g.putDataset(name, values);
    }
  }

  private static long[] longs(int[] values) {
    return Arrays.stream(values).asLongStream().toArray();
  }

  private static void writeWeight(WritableGroup g, Weight weight) {
    if (weight instanceof Weight.Real r) {
      g.putAttribute("algebra", "real");
      writeTensor(g, r.shape(), r.positions(), r.values(), 1);
    } else if (weight instanceof Weight.Quaternion q) {
      g.putAttribute("algebra", "quaternion");
      writeTensor(g, q.componentShape(), q.positions(), q.values(), 4);
    } else if (weight instanceof Weight.QuaternionComponents q) {
      g.putAttribute("algebra", "quaternion-components");
      g.putAttribute("shape", longs(q.componentShape()));
      String[] names = {"r", "i", "j", "k"};
      for (int c = 0; c < 4; c++) {
        Weight.Real r = q.components()[c];
        writeTensor(g.putGroup(names[c]), r.shape(), r.positions(), r.values(), 1);
      }
    }
  }

  /**
   * Writes {@code width} values per position, sparse (gaps) or dense, whichever is smaller. Drops
   * stored zeros (a position whose values are all zero) when writing sparse.
   */
  private static void writeTensor(
      WritableNode g, int[] shape, int[] positions, float[] values, int width) {
    int size = (int) Weight.product(shape);
    float[] dense = new float[size * width];
    if (positions == null) {
      System.arraycopy(values, 0, dense, 0, dense.length);
    } else {
      for (int k = 0; k < positions.length; k++) {
        System.arraycopy(values, k * width, dense, positions[k] * width, width);
      }
    }
    Encoded e = encode(dense, width);
    g.putAttribute("shape", longs(shape));
    WritableGroup group = (WritableGroup) g;
    long denseBytes = 4L * dense.length;
    long sparseBytes = 4L * e.values.length + e.gaps.length;
    if (sparseBytes < denseBytes) {
      g.putAttribute("stored", (long) e.gaps.length);
      group.putDataset("gaps", e.gaps);
      group.putDataset("values", e.values);
    } else {
      g.putAttribute("stored", (long) size);
      group.putDataset("values", dense);
    }
  }

  record Encoded(byte[] gaps, float[] values) {}

  /** Gap-codes the positions whose {@code width} values are not all zero. */
  static Encoded encode(float[] dense, int width) {
    int size = dense.length / width;
    int entries = 0;
    int previous = -1;
    for (int p = 0; p < size; p++) {
      if (nonZero(dense, p, width)) {
        entries += (p - previous + MAX_GAP - 1) / MAX_GAP;
        previous = p;
      }
    }
    if (entries == 0) {
      // nothing survived: one entry of value 0 keeps the datasets non-empty
      return new Encoded(new byte[] {1}, new float[width]);
    }
    byte[] gaps = new byte[entries];
    float[] values = new float[entries * width];
    int k = 0;
    previous = -1;
    for (int p = 0; p < size; p++) {
      if (!nonZero(dense, p, width)) {
        continue;
      }
      while (p - previous > MAX_GAP) {
        gaps[k++] = (byte) MAX_GAP; // a bridging entry: its values stay 0
        previous += MAX_GAP;
      }
      gaps[k] = (byte) (p - previous);
      System.arraycopy(dense, p * width, values, k * width, width);
      k++;
      previous = p;
    }
    return new Encoded(gaps, values);
  }

  private static boolean nonZero(float[] dense, int p, int width) {
    for (int c = 0; c < width; c++) {
      if (dense[p * width + c] != 0f) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- reading

  /** Reads and checks a model file. */
  public static ModelSpec read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ModelFileException(file, "no such model file");
    }
    try (HdfFile h5 = new HdfFile(file)) {
      Object format = scalar(h5, "format");
      if (!FORMAT.equals(format)) {
        throw new ModelFileException(
            file,
            "not a Fraction model file (its format attribute is "
                + format
                + "; export one with: fraction export RUN_DIR/<trial> --round K --out FILE)");
      }
      long version = number(h5, "format_version").longValue();
      if (version != FORMAT_VERSION) {
        throw new ModelFileException(
            file,
            "model file format version "
                + version
                + " is not supported (this version reads "
                + FORMAT_VERSION
                + ")");
      }
      int classes = Math.toIntExact(number(h5, "classes").longValue());
      Map<String, Object> metadata = new LinkedHashMap<>();
      for (Map.Entry<String, Attribute> a : h5.getAttributes().entrySet()) {
        if (!List.of("format", "format_version", "classes", "output").contains(a.getKey())) {
          metadata.put(a.getKey(), unwrap(a.getValue().getData()));
        }
      }
      InputSpec input = readInput(group(h5, "input"));
      Group nodesGroup = group(h5, "nodes");
      List<String> names = new ArrayList<>(nodesGroup.getChildren().keySet());
      names.sort(null);
      List<NodeSpec> nodes = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        if (!names.get(i).equals(String.format("%03d", i))) {
          throw new IllegalArgumentException(
              "node groups must be numbered 000, 001, ...; found " + names.get(i));
        }
        nodes.add(readNode(group(nodesGroup, names.get(i))));
      }
      ModelSpec spec = new ModelSpec(input, classes, nodes, metadata);
      GraphCheck.check(spec);
      return spec;
    } catch (ModelFileException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ModelFileException(file, "damaged or not a Fraction model file: " + describe(e), e);
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static InputSpec readInput(Group g) {
    double[] mean = g.getChildren().containsKey("mean") ? doubles(dataset(g, "mean")) : null;
    double[] std = g.getChildren().containsKey("std") ? doubles(dataset(g, "std")) : null;
    return new InputSpec(
        integer(g, "height"),
        integer(g, "width"),
        integer(g, "channels"),
        integer(g, "network_channels"),
        mean,
        std);
  }

  private static NodeSpec readNode(Group g) {
    String name = text(g, "name");
    String op = text(g, "op");
    List<String> inputs = List.of(text(g, "inputs").split(","));
    String input = inputs.get(0);
    return switch (op) {
      case "dense" ->
          new NodeSpec.Dense(
              name,
              input,
              integer(g, "in"),
              integer(g, "out"),
              readWeight(group(g, "weight")),
              optional(g, "bias"),
              optional(g, "scale"),
              Activation.of(text(g, "activation")));
      case "convolution" ->
          new NodeSpec.Convolution(
              name,
              input,
              integer(g, "in"),
              integer(g, "out"),
              ints(g, "kernel", 2),
              ints(g, "stride", 2),
              ints(g, "padding", 4),
              readWeight(group(g, "weight")),
              optional(g, "bias"),
              optional(g, "scale"),
              Activation.of(text(g, "activation")));
      case "affine" ->
          new NodeSpec.Affine(
              name, input, floats(dataset(g, "scale")), floats(dataset(g, "shift")));
      case "activation" -> new NodeSpec.Activate(name, input, Activation.of(text(g, "activation")));
      case "pool" ->
          new NodeSpec.Pool(
              name,
              input,
              PoolType.of(text(g, "type")),
              ints(g, "kernel", 2),
              ints(g, "stride", 2));
      case "global-pool" -> new NodeSpec.GlobalPool(name, input, PoolType.of(text(g, "type")));
      case "add" -> new NodeSpec.Add(name, inputs, Activation.of(text(g, "activation")));
      case "flatten" -> new NodeSpec.Flatten(name, input);
      default ->
          throw new IllegalArgumentException("node " + name + " has the unknown op '" + op + "'");
    };
  }

  private static Weight readWeight(Group g) {
    String algebra = text(g, "algebra");
    return switch (algebra) {
      case "real" -> readReal(g);
      case "quaternion" -> {
        int[] shape = ints(g, "shape", -1);
        Decoded t = readTensor(g, shape, 4);
        yield new Weight.Quaternion(shape, t.positions(), t.values());
      }
      case "quaternion-components" -> {
        int[] shape = ints(g, "shape", -1);
        Weight.Real[] c = new Weight.Real[4];
        String[] names = {"r", "i", "j", "k"};
        for (int n = 0; n < 4; n++) {
          c[n] = readReal(group(g, names[n]));
        }
        yield new Weight.QuaternionComponents(shape, c);
      }
      default ->
          throw new IllegalArgumentException(
              "weight of unknown algebra '" + algebra + "' in " + g.getPath());
    };
  }

  private static Weight.Real readReal(Group g) {
    int[] shape = ints(g, "shape", -1);
    Decoded t = readTensor(g, shape, 1);
    return new Weight.Real(shape, t.positions(), t.values());
  }

  /** Stored positions (null when dense) and their values. */
  private record Decoded(int[] positions, float[] values) {}

  private static Decoded readTensor(Group g, int[] shape, int width) {
    long size = Weight.product(shape);
    long stored = number(g, "stored").longValue();
    if (!g.getChildren().containsKey("gaps")) {
      float[] values = floats(dataset(g, "values"));
      if (values.length != size * width || stored != size) {
        throw new IllegalArgumentException(
            g.getPath() + ": " + values.length + " values for shape " + Arrays.toString(shape));
      }
      return new Decoded(null, values);
    }
    byte[] gaps = bytes(dataset(g, "gaps"));
    float[] values = floats(dataset(g, "values"));
    if (gaps.length != stored || values.length != stored * width) {
      throw new IllegalArgumentException(
          g.getPath()
              + ": "
              + gaps.length
              + " gaps and "
              + values.length
              + " values, expected "
              + stored
              + " entries");
    }
    // drop the bridging entries (all values 0) and decode the positions
    int kept = 0;
    long position = -1;
    int[] positions = new int[gaps.length];
    float[] keptValues = new float[values.length];
    for (int k = 0; k < gaps.length; k++) {
      int gap = gaps[k] & 0xFF;
      if (gap == 0) {
        throw new IllegalArgumentException(g.getPath() + ": gap 0 at entry " + k);
      }
      position += gap;
      if (position >= size) {
        throw new IllegalArgumentException(
            g.getPath() + ": position " + position + " beyond the tensor's " + size + " entries");
      }
      if (nonZero(values, k, width)) {
        positions[kept] = (int) position;
        System.arraycopy(values, k * width, keptValues, kept * width, width);
        kept++;
      }
    }
    return new Decoded(Arrays.copyOf(positions, kept), Arrays.copyOf(keptValues, kept * width));
  }

  // ---------------------------------------------------------------- jhdf helpers

  private static Group group(Group parent, String name) {
    Node n = parent.getChild(name);
    if (!(n instanceof Group g)) {
      throw new IllegalArgumentException("missing group " + parent.getPath() + name);
    }
    return g;
  }

  private static Dataset dataset(Group parent, String name) {
    Node n = parent.getChild(name);
    if (!(n instanceof Dataset d)) {
      throw new IllegalArgumentException("missing dataset " + parent.getPath() + name);
    }
    return d;
  }

  private static Object scalar(Node node, String attribute) {
    Attribute a = node.getAttribute(attribute);
    if (a == null) {
      return null;
    }
    return unwrap(a.getData());
  }

  private static Object unwrap(Object data) {
    if (data != null && data.getClass().isArray() && Array.getLength(data) == 1) {
      return Array.get(data, 0);
    }
    return data;
  }

  private static Number number(Node node, String attribute) {
    Object v = scalar(node, attribute);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(node.getPath() + " has no numeric attribute " + attribute);
    }
    return n;
  }

  private static int integer(Node node, String attribute) {
    return Math.toIntExact(number(node, attribute).longValue());
  }

  private static String text(Node node, String attribute) {
    Object v = scalar(node, attribute);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(node.getPath() + " has no text attribute " + attribute);
    }
    return s;
  }

  private static int[] ints(Node node, String attribute, int length) {
    Attribute a = node.getAttribute(attribute);
    if (a == null) {
      throw new IllegalArgumentException(node.getPath() + " has no attribute " + attribute);
    }
    Object data = a.getData();
    if (!data.getClass().isArray()) {
      data = new Object[] {data};
    }
    int n = Array.getLength(data);
    if (length >= 0 && n != length) {
      throw new IllegalArgumentException(
          node.getPath() + ": attribute " + attribute + " needs " + length + " values, has " + n);
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = Math.toIntExact(((Number) Array.get(data, i)).longValue());
    }
    return out;
  }

  private static float[] optional(Group g, String name) {
    return g.getChildren().containsKey(name) ? floats(dataset(g, name)) : null;
  }

  private static float[] floats(Dataset d) {
    Object flat = d.getDataFlat();
    if (flat instanceof float[] f) {
      return f;
    }
    throw new IllegalArgumentException(d.getPath() + " is not float32");
  }

  private static double[] doubles(Dataset d) {
    Object flat = d.getDataFlat();
    if (flat instanceof double[] v) {
      return v;
    }
    throw new IllegalArgumentException(d.getPath() + " is not float64");
  }

  private static byte[] bytes(Dataset d) {
    Object flat = d.getDataFlat();
    if (flat instanceof byte[] b) {
      return b;
    }
    throw new IllegalArgumentException(d.getPath() + " is not 8-bit");
  }
}

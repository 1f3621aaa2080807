package org.fraction.bench;

import com.google.inject.Injector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.data.ExampleCursor;
import org.fraction.engine.data.ExampleSet;
import org.fraction.engine.data.ImageEncoder;
import org.fraction.engine.inject.Composition;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.LoadedPlugins;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.train.BuiltNetwork;
import org.fraction.engine.train.NetworkFactory;
import org.fraction.export.ModelExport;
import org.fraction.export.TrialRound;
import org.fraction.inference.InferenceModel;
import org.fraction.inference.Session;
import org.fraction.inference.kernels.Simd;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.tracking.EpochMetrics;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exported models against their dense versions: for each model and algebra, the network is built as
 * a workflow describes it, its initial weights are pruned by magnitude layer by layer to each
 * density (no training: speed and size do not depend on what the weights learned), exported with
 * the export command's code, and run by fraction-inference. Prints file sizes and images per second
 * for one image at a time and for batches of 64, with ratios to the dense (100 %) model of the same
 * algebra and to the dense real model, and the training framework (Deeplearning4j) on the dense
 * model for reference. All variants of a model take turns in short blocks so that they see the same
 * machine load; rates are medians over the blocks. Run with bench/inference.
 */
public final class InferenceBench {

  static List<String> models = List.of("lenet-300-100", "conv-4", "resnet-18");
  static double[] densities = {1.0, 0.2, 0.05, 0.01};
  static int blocks = 5;
  static double blockSeconds = 0.5;

  record Variant(String label, double density, long bytes, Runnable one, Runnable batch) {}

  record Row(
      String model,
      String algebra,
      String label,
      double density,
      long bytes,
      double perSecondOne,
      double perSecondBatch) {}

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--models" -> models = List.of(args[++i].split(","));
        case "--densities" ->
            densities =
                Arrays.stream(args[++i].split(",")).mapToDouble(Double::parseDouble).toArray();
        case "--blocks" -> blocks = Integer.parseInt(args[++i]);
        case "--seconds" -> blockSeconds = Double.parseDouble(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; use --models a,b --densities 1,0.2 --blocks N --seconds S");
      }
    }
    Path work = Files.createTempDirectory("fraction-inference-bench");
    System.setProperty("fraction.data", work.resolve("data").toString());
    String mirror = System.getenv("FRACTION_DATA_MIRROR");
    Injector injector = Composition.create(LoadedPlugins.load(List.of()), List.of(), List.of());
    DataCache cache = injector.getInstance(DataCache.class);
    WorkflowLoader loader = injector.getInstance(WorkflowLoader.Factory.class).create();
    System.out.printf(
        Locale.ROOT,
        "fraction-inference benchmark: kernels on %s, one thread (OMP_NUM_THREADS=%s for"
            + " Deeplearning4j); %d blocks of %.2f s per rate, medians%n",
        Simd.VECTOR ? "the Vector API (" + Simd.LANES + " floats)" : "plain loops",
        System.getenv("OMP_NUM_THREADS"),
        blocks,
        blockSeconds);
    System.out.println(
        "weights pruned by magnitude at initialisation, layer by layer to the density (untrained"
            + " networks)");
    List<Row> rows = new ArrayList<>();
    for (String model : models) {
      for (String algebra : List.of("real", "quaternion")) {
        rows.addAll(measure(model, algebra, loader, cache, mirror, work));
      }
    }
    print(rows);
  }

  static String workflow(String model, String algebra, double keep) {
    boolean lenet = model.equals("lenet-300-100");
    String pruning =
        algebra.equals("real")
            ? "{type: layer-magnitude, keep: %s, rounds: 1}"
            : "{type: quaternion-magnitude, scope: layer, keep: %s, rounds: 1}";
    return """
           name: inference-bench
           seed: 1
           dataset: {type: %s}
           model: {type: %s, algebra: %s%s}
           training: {epochs: 1, batch-size: 64, optimizer: {type: adam, lr: 1.0e-3}}
           pruning: %s
           """
        .formatted(
            lenet ? "mnist" : "cifar-10",
            model,
            algebra,
            model.startsWith("resnet") && algebra.equals("quaternion") ? ", head: real" : "",
            pruning.formatted(Double.toString(Math.min(keep, 0.999999))));
  }

  static List<Row> measure(
      String model,
      String algebra,
      WorkflowLoader loader,
      DataCache cache,
      String mirror,
      Path work)
      throws Exception {
    Trial trial = loader.loadTrial(workflow(model, algebra, 0.5), "bench.yaml");
    WorkflowSettings s = trial.settings();
    DatasetInfo info = s.dataset().create().info();
    BuiltNetwork net =
        NetworkFactory.build(
            s.model().create(),
            info,
            s.model().engine().algebra(),
            s.training().optimizer().create(),
            null,
            s.seed());
    InputShape input =
        NetworkFactory.networkInput(s.model().create(), info, s.model().engine().algebra());
    byte[] images = images(trial, info, cache, mirror, 64);
    int imageBytes = info.shape().pixels();
    Map<ParameterRef, INDArray> initial = net.copyParameters();
    List<Variant> variants = new ArrayList<>();

    // the training framework on the dense network
    ImageEncoder encoder = new ImageEncoder(info.shape(), input, null, null);
    float[] encoded = new float[64 * input.pixels()];
    for (int b = 0; b < 64; b++) {
      encoder.encode(images, b * imageBytes, encoded, b * input.pixels());
    }
    INDArray one =
        Nd4j.create(
            Arrays.copyOf(encoded, input.pixels()),
            new long[] {1, input.channels(), input.height(), input.width()},
            'c');
    INDArray batch =
        Nd4j.create(encoded, new long[] {64, input.channels(), input.height(), input.width()}, 'c');
    ComputationGraph graph = net.graph();
    variants.add(
        new Variant(
            "dl4j dense",
            1.0,
            -1,
            () -> graph.outputSingle(false, one),
            () -> graph.outputSingle(false, batch)));

    for (double density : densities) {
      Trial t = loader.loadTrial(workflow(model, algebra, density), "bench.yaml");
      Map<ParameterRef, INDArray> masks = new LinkedHashMap<>();
      List<PrunableTensor> tensors = new ArrayList<>();
      for (ParameterRef ref : net.prunable()) {
        INDArray w = initial.get(ref);
        tensors.add(new PrunableTensor(ref, w, Nd4j.onesLike(w)));
        masks.put(ref, Nd4j.onesLike(w));
      }
      if (density < 1) {
        masks.putAll(
            t.settings()
                .pruning()
                .create()
                .prune(
                    new PruningContext(
                        tensors,
                        net.network().quaternionGroups(),
                        density,
                        1,
                        new SplittableRandom(1))));
      }
      Map<ParameterRef, INDArray> weights = new LinkedHashMap<>();
      for (Map.Entry<ParameterRef, INDArray> e : initial.entrySet()) {
        INDArray m = masks.get(e.getKey());
        weights.put(e.getKey(), m == null ? e.getValue() : e.getValue().mul(m));
      }
      Map<String, Object> attributes = new HashMap<>();
      attributes.put("round", 1L);
      attributes.put("density", density);
      RoundData data =
          new RoundData(
              attributes,
              weights,
              masks,
              Map.of(),
              List.of(new EpochMetrics(1, 0, 0, 0, 0, 0, 0)),
              null);
      TrialRound round =
          new TrialRound(
              t, work, "", 1, work.resolve("none.h5"), data, net.network(), info, input, weights);
      Path file = work.resolve(model + "-" + algebra + "-" + density + ".h5");
      ModelExport.Result result = ModelExport.export(round, file, cache);
      InferenceModel exported = InferenceModel.load(file);
      Session s1 = exported.session(1);
      Session s64 = exported.session(64);
      int[] next = {0};
      variants.add(
          new Variant(
              String.format(Locale.ROOT, "%.0f%%", 100 * density),
              density,
              result.bytes(),
              () -> s1.logits(images, (next[0]++ & 63) * imageBytes, 1),
              () -> s64.logits(images, 0, 64)));
    }
    double[] one1 = medians(variants.stream().map(Variant::one).toList(), 1);
    double[] per64 = medians(variants.stream().map(Variant::batch).toList(), 64);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) {
      Variant v = variants.get(i);
      rows.add(new Row(model, algebra, v.label, v.density, v.bytes, one1[i], per64[i]));
    }
    return rows;
  }

  /**
   * Test images of the model's data set: real MNIST through the mirror when there is one, else
   * random images.
   */
  static byte[] images(Trial trial, DatasetInfo info, DataCache cache, String mirror, int n)
      throws Exception {
    byte[] out = new byte[n * info.shape().pixels()];
    if (info.name().equals("mnist") && mirror != null) {
      System.setProperty("fraction.data.mirror", mirror);
      ExampleSet test = cache.get(trial.settings().dataset()).test();
      try (ExampleCursor c = test.open(null)) {
        for (int i = 0; i < n; i++) {
          c.next(out, i * info.shape().pixels());
        }
      }
      System.out.println(info.name() + ": the first " + n + " test images");
      return out;
    }
    new SplittableRandom(7).nextBytes(out);
    System.out.println(
        info.name()
            + ": "
            + n
            + " images of uniform random pixels"
            + (info.name().equals("mnist") ? " (set FRACTION_DATA_MIRROR for real MNIST)" : ""));
    return out;
  }

  /** Images per second of each task, medians over blocks in which the tasks take turns. */
  static double[] medians(List<Runnable> tasks, int imagesPerCall) {
    for (Runnable t : tasks) {
      long end = System.nanoTime() + (long) (blockSeconds * 1e9);
      do {
        t.run();
      } while (System.nanoTime() < end);
    }
    double[][] rates = new double[tasks.size()][blocks];
    for (int b = 0; b < blocks; b++) {
      for (int t = 0; t < tasks.size(); t++) {
        long start = System.nanoTime();
        long end = start + (long) (blockSeconds * 1e9);
        int n = 0;
        long now;
        do {
          tasks.get(t).run();
          n++;
          now = System.nanoTime();
        } while (now < end);
        rates[t][b] = (double) n * imagesPerCall / ((now - start) / 1e9);
      }
    }
    double[] out = new double[tasks.size()];
    for (int t = 0; t < tasks.size(); t++) {
      Arrays.sort(rates[t]);
      out[t] = rates[t][blocks / 2];
    }
    return out;
  }

  static void print(List<Row> rows) {
    System.out.println();
    System.out.println(
        "| model | algebra | density | file bytes | file vs dense | img/s, 1 image | vs dense | vs"
            + " dense real | img/s, batch 64 | vs dense | vs dense real |");
    System.out.println("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      Row dense = find(rows, r.model, r.algebra, "100%");
      Row real = find(rows, r.model, "real", "100%");
      String file = r.bytes < 0 ? "" : String.format(Locale.ROOT, "%,d", r.bytes);
      String fileRatio =
          r.bytes < 0 || dense == null
              ? ""
              : String.format(Locale.ROOT, "%.1f%%", 100.0 * r.bytes / dense.bytes);
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %s | %,.0f | %s | %s | %,.0f | %s | %s |%n",
          r.model,
          r.algebra,
          r.label,
          file,
          fileRatio,
          r.perSecondOne,
          ratio(r.perSecondOne, dense == null ? 0 : dense.perSecondOne),
          ratio(r.perSecondOne, real == null ? 0 : real.perSecondOne),
          r.perSecondBatch,
          ratio(r.perSecondBatch, dense == null ? 0 : dense.perSecondBatch),
          ratio(r.perSecondBatch, real == null ? 0 : real.perSecondBatch));
    }
    System.out.println();
    System.out.println(
        "vs dense: images/s over those of the 100 % model of the same algebra in"
            + " fraction-inference; vs dense real: over the 100 % real model's; dl4j dense: the"
            + " training framework's inference on the dense network");
  }

  static String ratio(double a, double b) {
    return b <= 0 ? "" : String.format(Locale.ROOT, "%.2fx", a / b);
  }

  static Row find(List<Row> rows, String model, String algebra, String label) {
    return rows.stream()
        .filter(r -> r.model.equals(model) && r.algebra.equals(algebra) && r.label.equals(label))
        .findFirst()
        .orElse(null);
  }
}

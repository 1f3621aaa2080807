package org.fraction.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fraction.engine.inject.Composition;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.LoadedPlugins;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.engine.train.BuiltNetwork;
import org.fraction.engine.train.MaskSet;
import org.fraction.engine.train.NetworkFactory;
import org.fraction.engine.train.TrainingStep;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.model.ParameterRef;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

/**
 * Training throughput of Fraction against PyTorch on the same CPU, in one run. For each benchmark
 * model and algebra the driver starts a Fraction worker (a JVM training through the engine's own
 * network factory and masked step) and a PyTorch worker (bench/torch_peer.py, the same
 * architecture, initialisation and optimizer), warms both up, then times them in alternating blocks
 * (A B, B A, ...) so that both see the same machine load; the ratio is the median of the per-pair
 * ratios. Each worker is its own process, so its peak resident memory is the model's. Run with
 * bench/training.
 */
public final class TrainingBench {

  /**
   * A benchmark model: the workflow keys Fraction builds it from (the PyTorch peer has the same
   * table).
   */
  record Spec(String model, String dataset, int batch, String optimizer, int warmup) {}

  static final Map<String, Spec> SPECS = new LinkedHashMap<>();

  static {
    SPECS.put(
        "lenet-300-100", new Spec("lenet-300-100", "mnist", 60, "{type: adam, lr: 1.2e-3}", 20));
    SPECS.put("conv-4", new Spec("conv-4", "cifar-10", 60, "{type: adam, lr: 3.0e-4}", 4));
    SPECS.put(
        "resnet-18",
        new Spec(
            "resnet-18",
            "cifar-100",
            128,
            "{type: sgd, lr: 0.1, momentum: 0.9, weight-decay: 5.0e-4}",
            2));
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--worker")) {
      new Worker().serve();
      return;
    }
    new Driver(args).run();
  }

  // ---------------------------------------------------------------------------------------------
  // driver

  static final class Driver {
    List<String> models = new ArrayList<>(SPECS.keySet());
    List<String> algebras = List.of("real", "quaternion");
    int threads = 1;
    int blocks = 7;
    double blockSeconds = 2.0;
    double warmupSeconds = 15.0;
    boolean masked = true;
    boolean eval = true;
    int evalBatch = 0;
    String python = "/usr/bin/python3";
    String javaOpts = "-Xmx4g";
    Path benchDir;
    // A/B mode: the peer is a second Fraction worker with these extra JVM options / environment
    String versusOpts;
    Map<String, String> versusEnv = new LinkedHashMap<>();
    String peerName = "PyTorch";
    final List<double[]> load = new ArrayList<>();

    Driver(String[] args) {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--models" -> models = List.of(args[++i].split(","));
          case "--algebras" -> algebras = List.of(args[++i].split(","));
          case "--threads" -> threads = Integer.parseInt(args[++i]);
          case "--blocks" -> blocks = Integer.parseInt(args[++i]);
          case "--block-seconds" -> blockSeconds = Double.parseDouble(args[++i]);
          case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(args[++i]);
          case "--no-masked" -> masked = false;
          case "--no-eval" -> eval = false;
          case "--eval-batch" -> evalBatch = Integer.parseInt(args[++i]);
          case "--python" -> python = args[++i];
          case "--java-opts" -> javaOpts = args[++i];
          case "--bench-dir" -> benchDir = Path.of(args[++i]);
          case "--versus" -> versusOpts = args[++i];
          case "--versus-env" -> {
            for (String kv : args[++i].trim().split("\\s+")) {
              versusEnv.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
          }
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (versusOpts != null || !versusEnv.isEmpty()) {
        peerName = "Fraction'";
        masked = false;
      }
      for (String m : models) {
        if (!SPECS.containsKey(m)) {
          throw new IllegalArgumentException("unknown model " + m + "; known: " + SPECS.keySet());
        }
      }
    }

    void run() throws Exception {
      if (!peerName.equals("PyTorch")) {
        System.out.println(
            "A/B: Fraction ("
                + javaOpts
                + ") vs Fraction' ("
                + javaOpts
                + " "
                + (versusOpts == null ? "" : versusOpts)
                + ", environment "
                + versusEnv
                + ")");
      }
      System.out.printf(
          Locale.ROOT,
          "training throughput, Fraction vs "
              + peerName
              + ": %s threads each, %d alternating blocks of ~%.1f s"
              + " (3 where a step takes longer) after >= %.0f s of warm-up; medians%n",
          threads,
          blocks,
          blockSeconds,
          warmupSeconds);
      System.out.println(
          "cpu: "
              + cpu()
              + ", "
              + Runtime.getRuntime().availableProcessors()
              + " cores; load average at start: "
              + loadAverage());
      List<Row> rows = new ArrayList<>();
      boolean first = true;
      for (String model : models) {
        for (String algebra : algebras) {
          Row row = measure(SPECS.get(model), algebra, first);
          first = false;
          rows.add(row);
        }
      }
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "%-14s %-10s %5s %10s %10s %9s %7s %8s %8s %8s %9s %9s%n",
          "model",
          "algebra",
          "batch",
          "Fraction",
          peerName,
          "F/" + peerName,
          "masked",
          "q/real",
          "eval",
          "eval",
          "peak MB",
          "peak MB");
      System.out.printf(
          Locale.ROOT,
          "%-14s %-10s %5s %10s %10s %9s %7s %8s %8s %8s %9s %9s%n",
          "",
          "",
          "",
          "img/s",
          "img/s",
          "ratio",
          "/dense",
          "(F)",
          "img/s",
          "/train",
          "Fraction",
          peerName);
      for (Row r : rows) {
        Row real =
            rows.stream()
                .filter(o -> o.model.equals(r.model) && o.algebra.equals("real"))
                .findFirst()
                .orElse(null);
        String qReal =
            r.algebra.equals("quaternion") && real != null
                ? String.format(Locale.ROOT, "%.2fx", real.fraction / r.fraction)
                : "";
        System.out.printf(
            Locale.ROOT,
            "%-14s %-10s %5d %10.1f %10.1f %8.2fx %7s %8s %8s %8s %9.0f %9.0f%n",
            r.model,
            r.algebra,
            r.batch,
            r.fraction,
            r.torch,
            r.ratio,
            Double.isNaN(r.maskedCost)
                ? ""
                : String.format(Locale.ROOT, "%+.1f%%", 100 * (r.maskedCost - 1)),
            qReal,
            Double.isNaN(r.evalRate) ? "" : String.format(Locale.ROOT, "%.0f", r.evalRate),
            Double.isNaN(r.evalRate)
                ? ""
                : String.format(Locale.ROOT, "%.1fx", r.evalRate / r.fraction),
            r.fractionPeak / 1e6,
            r.torchPeak / 1e6);
      }
      double[] l = load.stream().mapToDouble(a -> a[0]).sorted().toArray();
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "load average (1 min) during the blocks: min %.2f, median %.2f, max %.2f%n",
          l[0],
          l[l.length / 2],
          l[l.length - 1]);
      System.out.println(
          "F/PyTorch: median of paired block ratios; masked/dense: Fraction at 90% sparsity (one"
              + " fused mask multiply per step) vs the engine's dense step, paired; q/real:"
              + " Fraction's quaternion model step time over the real model's (medians); eval:"
              + " inference images/s at the engine's evaluation batch (--eval-batch, default the"
              + " engine's), over training images/s; peak MB: the worker process's resident"
              + " high-water mark (training before evaluation)");
    }

    record Row(
        String model,
        String algebra,
        int batch,
        double fraction,
        double torch,
        double ratio,
        double maskedCost,
        double evalRate,
        double fractionPeak,
        double torchPeak) {}

    Row measure(Spec spec, String algebra, boolean printInfo) throws Exception {
      System.out.printf(Locale.ROOT, "%n== %s %s, batch %d%n", spec.model(), algebra, spec.batch());
      Map<String, String> env = new LinkedHashMap<>();
      env.put("OMP_NUM_THREADS", Integer.toString(threads));
      env.put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
      Map<String, String> peerEnv = new LinkedHashMap<>(env);
      peerEnv.putAll(versusEnv);
      List<String> peerCommand =
          peerName.equals("PyTorch")
              ? List.of(python, benchDir.resolve("torch_peer.py").toString())
              : javaCommand(versusOpts == null ? "" : versusOpts);
      try (Proc f = Proc.start(javaCommand(""), env, "Fraction");
          Proc t = Proc.start(peerCommand, peerEnv, peerName)) {
        String build =
            "build "
                + spec.model()
                + " "
                + algebra
                + " "
                + threads
                + " 21"
                + (evalBatch > 0 ? " " + evalBatch : "");
        String fb = f.ask(build);
        String tb = t.ask(build);
        System.out.println(
            "Fraction: "
                + fb.substring(3)
                + "; "
                + peerName
                + ": "
                + tb.substring(3)
                + " (trainable parameters, batch)");
        if (!fb.split(" ")[1].equals(tb.split(" ")[1])) {
          System.out.println("WARNING: the two models differ in trainable parameter count");
        }
        if (printInfo) {
          System.out.println("Fraction: " + f.ask("info"));
          System.out.println(peerName + ": " + t.ask("info"));
        }
        // warm up; calibrate block lengths
        // warm up (the JVM compiles Deeplearning4j's code over the first thousands of small steps),
        // then calibrate
        double fs = warmUp(f, spec);
        double ts = warmUp(t, spec);
        // models whose step outlasts a block (ResNet-18) get fewer blocks, to keep the whole run
        // short
        int modelBlocks = Math.max(fs, ts) > blockSeconds ? Math.min(blocks, 3) : blocks;
        int fSteps = Math.max(1, (int) Math.round(blockSeconds / fs));
        int tSteps = Math.max(1, (int) Math.round(blockSeconds / ts));
        int mSteps = fSteps;
        if (masked) {
          f.ask("masked " + spec.warmup());
        }
        List<Double> fRates = new ArrayList<>();
        List<Double> tRates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> maskedCosts = new ArrayList<>();
        for (int b = 0; b < modelBlocks; b++) {
          load.add(loadAverageValues());
          double fr;
          double tr;
          if (b % 2 == 0) {
            fr = rate(f.ask("train " + fSteps), fSteps, spec.batch());
            tr = rate(t.ask("train " + tSteps), tSteps, spec.batch());
          } else {
            tr = rate(t.ask("train " + tSteps), tSteps, spec.batch());
            fr = rate(f.ask("train " + fSteps), fSteps, spec.batch());
          }
          fRates.add(fr);
          tRates.add(tr);
          ratios.add(fr / tr);
          if (masked) {
            double mr = rate(f.ask("masked " + mSteps), mSteps, spec.batch());
            double dr = rate(f.ask("train " + fSteps), fSteps, spec.batch());
            maskedCosts.add(dr / mr);
          }
          System.out.printf(
              Locale.ROOT,
              "  block %d: Fraction %.1f img/s, %s %.1f img/s, ratio %.2f%s%n",
              b + 1,
              fr,
              peerName,
              tr,
              fr / tr,
              masked ? String.format(Locale.ROOT, ", masked/dense %.3f", maskedCosts.get(b)) : "");
        }
        double fPeak = Double.parseDouble(f.ask("mem").split(" ")[0]);
        double tPeak = Double.parseDouble(t.ask("mem").split(" ")[0]);
        double evalRate = Double.NaN;
        if (eval) {
          String[] e = f.ask("eval 1").split(" ");
          double per = Double.parseDouble(e[0]);
          int batches = Math.max(1, (int) Math.round(blockSeconds / per));
          List<Double> evalRates = new ArrayList<>();
          for (int b = 0; b < (per > blockSeconds ? 1 : 3); b++) {
            e = f.ask("eval " + batches).split(" ");
            evalRates.add(Double.parseDouble(e[1]) / Double.parseDouble(e[0]));
          }
          evalRate = median(evalRates);
          System.out.printf(
              Locale.ROOT,
              "  evaluation: %.1f img/s, %.1fx training per image; layers holding activations"
                  + " after it: %s of %s; Fraction peak after it: %.0f MB%n",
              evalRate,
              evalRate / median(fRates),
              e[2],
              f.ask("layers"),
              Double.parseDouble(f.ask("mem").split(" ")[0]) / 1e6);
        }
        f.ask("quit");
        t.ask("quit");
        return new Row(
            spec.model(),
            algebra,
            spec.batch(),
            median(fRates),
            median(tRates),
            median(ratios),
            masked ? median(maskedCosts) : Double.NaN,
            evalRate,
            fPeak,
            tPeak);
      }
    }

    /**
     * At least the spec's warm-up steps and {@link #warmupSeconds}; returns the seconds per step at
     * the end.
     */
    double warmUp(Proc p, Spec spec) throws IOException {
      int steps = spec.warmup();
      double spent = seconds(p.ask("train " + steps));
      double perStep = spent / steps;
      while (spent < warmupSeconds) {
        int more =
            Math.max(
                1, (int) Math.min(steps * 4L, Math.round((warmupSeconds - spent) / 2 / perStep)));
        double s = seconds(p.ask("train " + more));
        spent += s;
        perStep = s / more;
      }
      return perStep;
    }

    List<String> javaCommand(String extraOpts) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(List.of((javaOpts + " " + extraOpts).trim().split("\\s+")));
      cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(benchDir.resolve("src/main/java/org/fraction/bench/TrainingBench.java").toString());
      cmd.add("--worker");
      return cmd;
    }

    static double seconds(String reply) {
      return Double.parseDouble(reply.split(" ")[0]);
    }

    static double rate(String reply, int steps, int batch) {
      return steps * batch / seconds(reply);
    }

    static String cpu() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
      return "unknown";
    }

    static String loadAverage() throws IOException {
      return String.join(
          " ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
    }

    static double[] loadAverageValues() throws IOException {
      String[] s = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return new double[] {Double.parseDouble(s[0]), Double.parseDouble(s[1])};
    }
  }

  /** A worker process spoken to one line at a time. */
  static final class Proc implements AutoCloseable {
    final Process process;
    final PrintWriter in;
    final BufferedReader out;
    final String name;

    Proc(Process process, String name) {
      this.process = process;
      this.name = name;
      this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static Proc start(List<String> command, Map<String, String> env, String name)
        throws IOException {
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().putAll(env);
      pb.redirectError(ProcessBuilder.Redirect.INHERIT);
      return new Proc(pb.start(), name);
    }

    String ask(String command) throws IOException {
      in.println(command);
      String line = out.readLine();
      if (line == null) {
        throw new IOException(name + " worker ended while answering '" + command + "'");
      }
      if (line.startsWith("error")) {
        throw new IOException(name + " worker: " + line);
      }
      return line;
    }

    @Override
    public void close() throws InterruptedException {
      in.close();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  // ---------------------------------------------------------------------------------------------
  // Fraction worker

  static final class Worker {
    final PrintStream reply;
    final WorkflowLoader.Factory loaders =
        Composition.create(LoadedPlugins.load(List.of()), List.of(), List.of())
            .getInstance(WorkflowLoader.Factory.class);
    BuiltNetwork net;
    ComputationGraph graph;
    TrainingStep denseStep;
    TrainingStep sparseStep;
    List<DataSet> batches;
    INDArray evalBatch;
    int step;

    Worker() {
      // replies go to the real stdout; anything else a library prints goes to stderr
      this.reply = System.out;
      System.setOut(System.err);
    }

    void serve() throws Exception {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        String[] w = line.trim().split("\\s+");
        String answer;
        try {
          answer =
              switch (w[0]) {
                case "build" ->
                    build(
                        SPECS.get(w[1]),
                        w[2],
                        Long.parseLong(w[4]),
                        w.length > 5 ? Integer.parseInt(w[5]) : 0);
                case "train" -> time(Integer.parseInt(w[1]), false);
                case "masked" -> time(Integer.parseInt(w[1]), true);
                case "eval" -> eval(Integer.parseInt(w[1]));
                case "mem" -> status("VmHWM:") + " " + status("VmRSS:");
                case "info" -> info();
                case "layers" -> Integer.toString(graph.getLayers().length);
                case "ws" -> workspaces();
                case "smaps" -> smaps();
                case "trim" -> trim();
                case "reset-peak" -> {
                  Files.writeString(Path.of("/proc/self/clear_refs"), "5");
                  yield "ok";
                }
                case "quit" -> "ok";
                default -> "error unknown command " + w[0];
              };
        } catch (Exception e) {
          e.printStackTrace();
          answer = "error " + e;
        }
        reply.println(answer.replace('\n', ' '));
        reply.flush();
        if (w[0].equals("quit")) {
          return;
        }
      }
    }

    /**
     * @param evalBatch images per evaluation batch; 0 for the engine's default
     */
    String build(Spec spec, String algebra, long seed, int evalBatch) throws Exception {
      Path dir = Files.createTempDirectory("training-bench");
      Path workflow = dir.resolve("bench.yaml");
      Files.writeString(
          workflow,
          """
          name: training-bench
          seed: %d
          dataset: {type: %s, path: %s}
          model: {type: %s, algebra: %s}
          training: {epochs: 1, batch-size: %d, optimizer: %s}
          """
              .formatted(
                  seed,
                  spec.dataset(),
                  dir,
                  spec.model(),
                  algebra,
                  spec.batch(),
                  spec.optimizer()));
      Trial trial = loaders.create().load(workflow, List.of()).trials().get(0);
      WorkflowSettings s = trial.settings();
      Files.delete(workflow);
      var optimizer = s.training().optimizer().create();
      DatasetInfo info = s.dataset().create().info();
      var model = s.model().create();
      var input = NetworkFactory.networkInput(model, info, s.model().engine().algebra());
      net =
          NetworkFactory.build(
              model,
              info,
              s.model().engine().algebra(),
              optimizer,
              new FixedSchedule(optimizer.learningRate()),
              seed);
      graph = net.graph();
      denseStep = new TrainingStep(net, MaskSet.dense(net));
      Random random = new Random(seed);
      Map<ParameterRef, INDArray> sparse = new LinkedHashMap<>();
      for (ParameterRef ref : net.prunable()) {
        long[] shape = net.param(ref).shape();
        INDArray m = Nd4j.rand(DataType.FLOAT, shape).lt(0.1).castTo(DataType.FLOAT);
        sparse.put(ref, m);
      }
      sparseStep = new TrainingStep(net, new MaskSet(sparse));
      int channels = input.channels();
      int h = input.height();
      int w = input.width();
      batches = new ArrayList<>();
      for (int b = 0; b < 4; b++) {
        INDArray x = Nd4j.randn(DataType.FLOAT, spec.batch(), channels, h, w);
        INDArray y = Nd4j.zeros(DataType.FLOAT, spec.batch(), info.classes());
        for (int n = 0; n < spec.batch(); n++) {
          y.putScalar(n, random.nextInt(info.classes()), 1f);
        }
        batches.add(new DataSet(x, y));
      }
      this.evalBatch =
          Nd4j.randn(
              DataType.FLOAT,
              evalBatch > 0 ? evalBatch : s.training().evalBatchSize(),
              channels,
              h,
              w);
      return "ok " + net.trainableCount() + " " + spec.batch();
    }

    /**
     * The engine's training step: one fit, then (masked) one fused multiply of the parameters by
     * the flat mask.
     */
    String time(int steps, boolean masked) {
      TrainingStep training = masked ? sparseStep : denseStep;
      long start = System.nanoTime();
      for (int s = 0; s < steps; s++) {
        DataSet b = batches.get(step++ % batches.size());
        training.fit(b.getFeatures(), b.getLabels());
      }
      return String.format(Locale.ROOT, "%.6f", (System.nanoTime() - start) / 1e9);
    }

    /** Inference as the engine's evaluation runs it. */
    String eval(int batches) {
      long start = System.nanoTime();
      long images = 0;
      for (int b = 0; b < batches; b++) {
        INDArray p = graph.outputSingle(false, evalBatch);
        p.argMax(1);
        images += evalBatch.size(0);
      }
      return String.format(
          Locale.ROOT,
          "%.6f %d %d",
          (System.nanoTime() - start) / 1e9,
          images,
          layersHoldingInput());
    }

    /**
     * Layers still holding an input (an activation of the last pass): 0 when no graph for
     * backpropagation is kept.
     */
    int layersHoldingInput() {
      int holding = 0;
      for (Layer layer : graph.getLayers()) {
        if (layer instanceof org.deeplearning4j.nn.layers.AbstractLayer<?> a && a.input() != null) {
          holding++;
        }
      }
      return holding;
    }

    String info() {
      String lib = String.valueOf(org.bytedeco.javacpp.Loader.getLoadedLibraries().get("nd4jcpu"));
      String build = lib.replaceAll(".*/bindings/([^/]+)/.*", "$1");
      int helpers = 0;
      int candidates = 0;
      for (Layer layer : graph.getLayers()) {
        String type = layer.getClass().getSimpleName();
        if (type.contains("Convolution")
            || type.contains("Subsampling")
            || type.contains("BatchNormalization")) {
          candidates++;
          if (layer.getHelper() != null) {
            helpers++;
          }
        }
      }
      var env = Nd4j.getExecutioner().getEnvironmentInformation();
      return "nd4j-native "
          + build
          + ", blas "
          + env.get("blas.vendor")
          + " ("
          + env.get("blas.threads")
          + " threads), omp "
          + env.get("omp.threads")
          + " threads; oneDNN helpers on "
          + helpers
          + " of "
          + candidates
          + " conv/pool/batch-norm layers";
    }

    /** Deeplearning4j's workspaces on this thread and the native memory JavaCPP tracks, in MB. */
    String workspaces() {
      StringBuilder b = new StringBuilder();
      long total = 0;
      for (var ws : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
        long size = ws.getCurrentSize();
        total += size;
        b.append(ws.getId()).append('=').append(size >> 20).append(' ');
      }
      return "workspaces "
          + (total >> 20)
          + " MB: "
          + b
          + "; javacpp total "
          + (org.bytedeco.javacpp.Pointer.totalBytes() >> 20)
          + " MB, physical "
          + (org.bytedeco.javacpp.Pointer.physicalBytes() >> 20)
          + " MB; heap used "
          + ((Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20)
          + " MB of "
          + (Runtime.getRuntime().totalMemory() >> 20);
    }

    /** Resident memory by mapping: files, and anonymous mappings by size, in MB. */
    static String smaps() throws IOException {
      Map<String, Long> rss = new java.util.TreeMap<>();
      String name = null;
      long size = 0;
      for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
        if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
          String[] f = line.split("\\s+");
          String[] range = f[0].split("-");
          size = Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16);
          name =
              f.length > 5
                  ? f[5].replaceAll(".*/", "")
                  : size >= (64L << 20)
                      ? "anon>=64M"
                      : size >= (1L << 20) ? "anon1-64M" : "anon<1M";
        } else if (line.startsWith("Rss:")) {
          long kb = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
          rss.merge(name, kb, Long::sum);
        }
      }
      StringBuilder b = new StringBuilder();
      rss.entrySet().stream()
          .filter(e -> e.getValue() > 10 * 1024)
          .sorted((a, c) -> Long.compare(c.getValue(), a.getValue()))
          .forEach(e -> b.append(e.getKey()).append('=').append(e.getValue() >> 10).append(' '));
      return b.toString();
    }

    static String trim() throws Exception {
      var m = org.bytedeco.javacpp.Pointer.class.getDeclaredMethod("trimMemory");
      m.setAccessible(true);
      long t = System.nanoTime();
      Object r = m.invoke(null);
      return r + " " + (System.nanoTime() - t) / 1000 + "us " + (status("VmRSS:") >> 20);
    }

    static long status(String key) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith(key)) {
            return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024;
          }
        }
      } catch (IOException e) {
        // not on Linux
      }
      return 0;
    }
  }
}

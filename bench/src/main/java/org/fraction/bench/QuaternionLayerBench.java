package org.fraction.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.fraction.plugins.quaternion.QuaternionConvolutionLayer;
import org.fraction.plugins.quaternion.QuaternionDenseLayer;
import org.fraction.plugins.quaternion.QuaternionOutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * One training step (forward, backward, Adam update) of each quaternion layer against a real layer
 * of the same real width, in the configuration the engine trains with (float, workspaces, no
 * cache). Real and quaternion steps alternate in short blocks so that both see the same load; the
 * ratio of their median step times is printed per layer: what {@link QuaternionLayerStep}, which
 * times each network on its own under JMH, does not report. Run with {@code bench/quaternion-layers
 * --paired}.
 */
public final class QuaternionLayerBench {

  /** One layer shape: a real and a quaternion network around it, and a batch for them. */
  record Case(String name, ComputationGraph real, ComputationGraph quaternion, DataSet batch) {}

  static NeuralNetConfiguration.Builder base() {
    return new NeuralNetConfiguration.Builder()
        .seed(1)
        .dataType(DataType.FLOAT)
        .updater(new Adam(1e-3))
        .trainingWorkspaceMode(WorkspaceMode.ENABLED)
        .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
        .cacheMode(CacheMode.NONE);
  }

  static ComputationGraph denseNet(Layer layer, int nIn) {
    ComputationGraphConfiguration conf =
        base()
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(nIn))
            .addLayer("layer", layer, "in")
            .addLayer(
                "loss",
                new LossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(),
                "layer")
            .setOutputs("loss")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  static ComputationGraph outputNet(Layer layer, int nIn) {
    ComputationGraphConfiguration conf =
        base()
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(nIn))
            .addLayer("layer", layer, "in")
            .setOutputs("layer")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  static ComputationGraph convNet(Layer layer, int size, int channels) {
    ComputationGraphConfiguration conf =
        base()
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(size, size, channels))
            .addLayer("layer", layer, "in")
            .addLayer(
                "loss",
                new CnnLossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(),
                "layer")
            .setOutputs("loss")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  static Case dense(String name, int batch, int nIn, int nOut) {
    return new Case(
        name,
        denseNet(
            new DenseLayer.Builder()
                .nIn(nIn)
                .nOut(nOut)
                .activation(Activation.RELU)
                .weightInit(WeightInit.RELU)
                .build(),
            nIn),
        denseNet(
            new QuaternionDenseLayer.Builder()
                .nIn(nIn)
                .nOut(nOut)
                .activation(Activation.RELU)
                .build(),
            nIn),
        new DataSet(Nd4j.rand(DataType.FLOAT, batch, nIn), Nd4j.rand(DataType.FLOAT, batch, nOut)));
  }

  static Case head(String name, int batch, int nIn, int classes) {
    INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, classes);
    for (int n = 0; n < batch; n++) {
      labels.putScalar(n, n % classes, 1f);
    }
    return new Case(
        name,
        outputNet(
            new OutputLayer.Builder(LossFunction.MCXENT)
                .nIn(nIn)
                .nOut(classes)
                .activation(Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER)
                .build(),
            nIn),
        outputNet(
            new QuaternionOutputLayer.Builder(LossFunction.MCXENT)
                .nIn(nIn)
                .nOut(classes)
                .activation(Activation.SOFTMAX)
                .build(),
            nIn),
        new DataSet(Nd4j.rand(DataType.FLOAT, batch, nIn), labels));
  }

  static Case conv(
      String name, int batch, int size, int in, int out, int kernel, int stride, boolean bias) {
    int pad = (kernel - 1) / 2;
    ConvolutionLayer real =
        new ConvolutionLayer.Builder(kernel, kernel)
            .nIn(in)
            .nOut(out)
            .stride(stride, stride)
            .padding(pad, pad)
            .convolutionMode(ConvolutionMode.Truncate)
            .hasBias(bias)
            .activation(Activation.RELU)
            .weightInit(WeightInit.RELU)
            .build();
    QuaternionConvolutionLayer.Builder q = new QuaternionConvolutionLayer.Builder(kernel, kernel);
    q.nIn(in)
        .nOut(out)
        .stride(stride, stride)
        .padding(pad, pad)
        .convolutionMode(ConvolutionMode.Truncate)
        .hasBias(bias)
        .activation(Activation.RELU);
    int outSize = (size + 2 * pad - kernel) / stride + 1;
    return new Case(
        name,
        convNet(real, size, in),
        convNet(q.build(), size, in),
        new DataSet(
            Nd4j.rand(DataType.FLOAT, batch, in, size, size),
            Nd4j.rand(DataType.FLOAT, batch, out, outSize, outSize)));
  }

  /**
   * LeNet-300-100 on MNIST-shaped batches: both hidden layers quaternion, the classifier real in
   * both.
   */
  static Case lenet(int batch) {
    ComputationGraph[] nets = new ComputationGraph[2];
    for (int q = 0; q < 2; q++) {
      Layer fc1 =
          q == 0
              ? new DenseLayer.Builder()
                  .nIn(784)
                  .nOut(300)
                  .activation(Activation.RELU)
                  .weightInit(WeightInit.RELU)
                  .build()
              : new QuaternionDenseLayer.Builder()
                  .nIn(784)
                  .nOut(300)
                  .activation(Activation.RELU)
                  .build();
      Layer fc2 =
          q == 0
              ? new DenseLayer.Builder()
                  .nIn(300)
                  .nOut(100)
                  .activation(Activation.RELU)
                  .weightInit(WeightInit.RELU)
                  .build()
              : new QuaternionDenseLayer.Builder()
                  .nIn(300)
                  .nOut(100)
                  .activation(Activation.RELU)
                  .build();
      ComputationGraphConfiguration conf =
          base()
              .graphBuilder()
              .addInputs("in")
              .setInputTypes(InputType.feedForward(784))
              .addLayer("fc1", fc1, "in")
              .addLayer("fc2", fc2, "fc1")
              .addLayer(
                  "fc3",
                  new OutputLayer.Builder(LossFunction.MCXENT)
                      .nIn(100)
                      .nOut(10)
                      .activation(Activation.SOFTMAX)
                      .weightInit(WeightInit.XAVIER)
                      .build(),
                  "fc2")
              .setOutputs("fc3")
              .build();
      nets[q] = new ComputationGraph(conf);
      nets[q].init();
    }
    INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, 10);
    for (int n = 0; n < batch; n++) {
      labels.putScalar(n, n % 10, 1f);
    }
    return new Case(
        "whole LeNet-300-100 step, batch 60 (for reference)",
        nets[0],
        nets[1],
        new DataSet(Nd4j.rand(DataType.FLOAT, batch, 784), labels));
  }

  /**
   * Seconds per step over {@code steps} steps, on the network's own thread: Deeplearning4j's
   * workspaces belong to a thread, and two networks sharing one would resize each other's.
   */
  static double time(ComputationGraph g, DataSet batch, int steps) {
    ExecutorService thread =
        THREADS.computeIfAbsent(
            g,
            k ->
                Executors.newSingleThreadExecutor(
                    r -> {
                      Thread t = new Thread(r, "bench");
                      t.setDaemon(true);
                      return t;
                    }));
    try {
      return thread
          .submit(
              () -> {
                long start = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                  g.fit(batch);
                }
                return (System.nanoTime() - start) / 1e9 / steps;
              })
          .get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final Map<ComputationGraph, ExecutorService> THREADS = new IdentityHashMap<>();

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  public static void main(String[] args) {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    double blockSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 0.5;
    List<Case> cases =
        List.of(
            dense("dense 784->300, batch 60 (LeNet fc1)", 60, 784, 300),
            dense("dense 300->100, batch 60 (LeNet fc2)", 60, 300, 100),
            dense("dense 4096->256, batch 60 (Conv-2 fc1)", 60, 4096, 256),
            conv("conv 3x3 64->64, 32x32, batch 60 (Conv-2 conv2)", 60, 32, 64, 64, 3, 1, true),
            conv("conv 3x3 128->128, 16x16, batch 60 (Conv-4 conv4)", 60, 16, 128, 128, 3, 1, true),
            conv(
                "conv 3x3 256->256, 8x8, batch 128, no bias (ResNet stage 3)",
                128,
                8,
                256,
                256,
                3,
                1,
                false),
            conv(
                "conv 1x1 128->256 stride 2, 16x16, batch 128 (ResNet shortcut)",
                128,
                16,
                128,
                256,
                1,
                2,
                false),
            head("head 512->1000 softmax, batch 128 (ResNet-18 classifier)", 128, 512, 1000),
            lenet(60));

    System.out.printf(
        Locale.ROOT,
        "quaternion layer vs real layer of the same real width: one training step (forward,"
            + " backward, Adam)%n");
    System.out.printf(
        Locale.ROOT,
        "OMP_NUM_THREADS=%s, %d cores, %d alternating blocks of ~%.1f s per layer; median ms per"
            + " step%n%n",
        System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"),
        Runtime.getRuntime().availableProcessors(),
        blocks,
        blockSeconds);
    System.out.printf(
        Locale.ROOT, "%-66s %10s %12s %8s%n", "layer", "real ms", "quaternion", "ratio");
    List<Double> ratios = new ArrayList<>();
    for (Case c : cases) {
      // warm up both (workspaces size themselves in the first steps) and calibrate the block length
      time(c.real(), c.batch(), 3);
      time(c.quaternion(), c.batch(), 3);
      double probe = time(c.real(), c.batch(), 3);
      int steps = Math.max(2, (int) Math.round(blockSeconds / probe));
      List<Double> real = new ArrayList<>();
      List<Double> quaternion = new ArrayList<>();
      List<Double> pairRatios = new ArrayList<>();
      for (int b = 0; b < blocks; b++) {
        boolean realFirst = b % 2 == 0;
        double first = time(realFirst ? c.real() : c.quaternion(), c.batch(), steps);
        double second = time(realFirst ? c.quaternion() : c.real(), c.batch(), steps);
        double r = realFirst ? first : second;
        double q = realFirst ? second : first;
        real.add(r);
        quaternion.add(q);
        pairRatios.add(q / r);
      }
      THREADS.remove(c.real()).shutdown();
      THREADS.remove(c.quaternion()).shutdown();
      double ratio = median(pairRatios);
      if (!c.name().startsWith("whole")) {
        ratios.add(ratio);
      }
      System.out.printf(
          Locale.ROOT,
          "%-66s %10.3f %12.3f %7.2fx%n",
          c.name(),
          median(real) * 1e3,
          median(quaternion) * 1e3,
          ratio);
    }
    double geometric = Math.exp(ratios.stream().mapToDouble(Math::log).average().orElse(0));
    System.out.printf(
        Locale.ROOT,
        "%ngeometric mean ratio of the layers %.2fx (target: at most 1.15x each); ratio = median"
            + " over blocks of quaternion / real%n",
        geometric);
    System.out.println(
        "per-block ratios are paired (real and quaternion measured back to back, order"
            + " alternating)");
    if (Arrays.asList(args).contains("--check")) {
      System.exit(ratios.stream().allMatch(r -> r <= 1.15) ? 0 : 1);
    }
  }
}

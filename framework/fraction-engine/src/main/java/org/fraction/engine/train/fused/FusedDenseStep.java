package org.fraction.engine.train.fused;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.fraction.engine.backend.NativeThreads;
import org.fraction.spi.model.DerivedDenseWeight;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One training step of a {@link DenseChain} in a handful of native calls: the forward and backward
 * passes are BLAS products on the network's own parameter and gradient memory and on buffers kept
 * between steps, with bias, ReLU, softmax and cross-entropy done in Java on that memory; then the
 * network's own Deeplearning4j updater and step function apply the gradient, exactly as {@code
 * ComputationGraph.fit} does after its backward pass. The result is the same step as {@code fit}
 * (up to float rounding), without the per-layer operation set-up, workspaces and copies that
 * dominate small dense networks.
 *
 * <p>Like Deeplearning4j, the gradient written is the sum over the batch; the updater divides it by
 * the batch size.
 */
public final class FusedDenseStep {

  private final ComputationGraph graph;
  private final DenseChain chain;
  private final WorkTeam team;
  private final Products products;
  private final NativeFloats[] params;
  private final FloatPointer[] weights;
  private final boolean[] inputMajor;
  private Training training;
  private NativeFloats[] activations;
  private NativeFloats[] deltas;
  private int capacity;

  /**
   * What training needs beyond the forward pass: the gradient views, the updater, and the fused
   * Adam pass when it applies. Made on first use, so that a step used only for inference leaves the
   * network without gradients or updater state.
   */
  private static final class Training {
    final DefaultGradient gradient;
    final NativeFloats[] gradients;
    final boolean regularized;
    final ComputationGraphUpdater updater;
    final FusedAdam adam;

    /** The flat gradient in the parameters' shape, for the updater's step. */
    final INDArray step;

    final LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();

    Training(ComputationGraph graph, DenseChain chain, WorkTeam team) {
      if (graph.getFlattenedGradients() == null) {
        graph.initGradientsView();
      }
      int n = chain.layers().size();
      this.gradients = new NativeFloats[n];
      this.gradient = new DefaultGradient(graph.getFlattenedGradients());
      boolean reg = false;
      for (int l = 0; l < n; l++) {
        Layer layer = chain.layers().get(l).layer();
        gradients[l] = NativeFloats.of(layer.getGradientsViewArray());
        var conf = layer.conf();
        var views =
            conf.getLayer()
                .initializer()
                .getGradientsFromFlattened(conf, layer.getGradientsViewArray());
        String name = chain.layers().get(l).name();
        views.forEach((key, view) -> gradient.gradientForVariable().put(name + "_" + key, view));
        if (conf.getLayer() instanceof BaseLayer b) {
          reg |= notEmpty(b.getRegularization()) || notEmpty(b.getRegularizationBias());
        }
      }
      this.regularized = reg;
      this.updater = graph.getUpdater(true);
      this.adam = reg ? null : FusedAdam.of(graph, team).orElse(null);
      INDArray flat = graph.getFlattenedGradients();
      this.step =
          Arrays.equals(graph.params().shape(), flat.shape())
              ? flat
              : flat.reshape(graph.params().shape());
    }
  }

  private FusedDenseStep(ComputationGraph graph, DenseChain chain, WorkTeam team) {
    this.graph = graph;
    this.chain = chain;
    this.team = team;
    this.products = new Products(team);
    int n = chain.layers().size();
    this.params = new NativeFloats[n];
    this.weights = new FloatPointer[n];
    this.inputMajor = new boolean[n];
    for (int l = 0; l < n; l++) {
      params[l] = NativeFloats.of(chain.layers().get(l).layer().params());
    }
  }

  private Training training() {
    if (training == null) {
      training = new Training(graph, chain, team);
    }
    return training;
  }

  /** How the step applies the gradient: the fused Adam pass or the network's own updater. */
  public String update() {
    return training().adam != null ? "fused adam" : "deeplearning4j updater";
  }

  /**
   * The fused step for this network, or empty with the reason it is trained by {@code fit}. Its
   * products are cut over {@link NativeThreads#denseThreads()} threads.
   */
  public static Result forGraph(ComputationGraph graph) {
    return forGraph(graph, NativeThreads.denseThreads());
  }

  /** The same, its products cut over {@code threads} threads. */
  static Result forGraph(ComputationGraph graph, int threads) {
    DenseChain.Verdict verdict = DenseChain.of(graph);
    WorkTeam team = WorkTeam.of(threads);
    return new Result(
        verdict.chain().map(c -> new FusedDenseStep(graph, c, team)), verdict.reason());
  }

  /** The threads the products are cut over. */
  public int threads() {
    return team.threads();
  }

  /** The step, or why there is none. */
  public record Result(Optional<FusedDenseStep> step, String reason) {}

  /**
   * Trains on one batch ([batch, ...] features read as [batch, nIn] in c order; one-hot labels) and
   * returns the score Deeplearning4j would report: the mean cross-entropy plus any regularisation.
   */
  public double fit(INDArray features, INDArray labels) {
    List<DenseChain.Dense> layers = chain.layers();
    int batch = Math.toIntExact(features.size(0));
    NativeFloats x = input(features);
    NativeFloats y = NativeFloats.of(contiguousFloat(labels));
    int classes = layers.get(layers.size() - 1).nOut();
    if (y.array().length() != (long) batch * classes) {
      throw new IllegalArgumentException(
          "labels of shape "
              + Arrays.toString(labels.shape())
              + " do not fit a network of "
              + classes
              + " classes");
    }
    Training t = training();
    forward(x, batch);
    int n = layers.size();
    double lossSum =
        Elementwise.softmaxCrossEntropy(
            activations[n - 1].buffer(),
            y.buffer(),
            deltas[n - 1].buffer(),
            batch,
            classes,
            (float) chain.softmaxClipEps());
    for (int l = n - 1; l >= 0; l--) {
      DenseChain.Dense d = layers.get(l);
      NativeFloats input = l == 0 ? x : activations[l - 1];
      DerivedDenseWeight derived = d.derived();
      FloatPointer weightGradient =
          derived != null
              ? NativeFloats.of(derived.realWeightGradient()).pointer()
              : t.gradients[l].pointer();
      weightGradient(batch, d, input.pointer(), deltas[l].pointer(), inputMajor[l], weightGradient);
      if (d.hasBias()) {
        Kernels.columnSums(
            deltas[l].bytes(), batch, d.nOut(), t.gradients[l].bytes(), d.biasOffset());
      }
      if (l > 0) {
        DenseChain.Dense below = layers.get(l - 1);
        backpropagate(batch, d, deltas[l].pointer(), weights[l], inputMajor[l], deltas[l - 1]);
        if (below.relu()) {
          Kernels.reluBackward(
              deltas[l - 1].bytes(), activations[l - 1].bytes(), batch * below.nOut());
        }
      }
      if (derived != null) {
        derived.foldRealWeightGradient(team);
      }
    }
    double score = lossSum / batch + (t.regularized ? graph.calcRegularizationScore(true) : 0);
    ComputationGraphConfiguration conf = graph.getConfiguration();
    if (graph.getUpdater(true) != t.updater) {
      throw new IllegalStateException("the network's updater was replaced under a fused step");
    }
    if (t.adam != null) {
      t.adam.apply(batch, conf.getIterationCount(), conf.getEpochCount());
    } else {
      t.updater.update(
          t.gradient, conf.getIterationCount(), conf.getEpochCount(), batch, t.workspaces);
      graph.params().subi(t.step);
    }
    conf.setIterationCount(conf.getIterationCount() + 1);
    graph.setScore(score);
    return score;
  }

  /**
   * The class probabilities [batch, classes] for a batch, in inference mode: a view of a buffer the
   * next call overwrites.
   */
  public INDArray probabilities(INDArray features) {
    int batch = Math.toIntExact(features.size(0));
    NativeFloats x = input(features);
    List<DenseChain.Dense> layers = chain.layers();
    forward(x, batch);
    int last = layers.size() - 1;
    int classes = layers.get(last).nOut();
    Elementwise.softmax(activations[last].buffer(), batch, classes);
    return activations[last]
        .array()
        .get(NDArrayIndex.interval(0, (long) batch * classes))
        .reshape(batch, classes);
  }

  /** The features as the first layer reads them, [batch, nIn] in c order, checked against nIn. */
  private NativeFloats input(INDArray features) {
    NativeFloats x = NativeFloats.of(contiguousFloat(features));
    int nIn = chain.layers().get(0).nIn();
    if (x.array().length() != features.size(0) * nIn) {
      throw new IllegalArgumentException(
          "features of shape "
              + Arrays.toString(features.shape())
              + " do not fit a network of "
              + nIn
              + " inputs");
    }
    return x;
  }

  /** The forward pass: each layer's output in its activation buffer, the last one's logits. */
  private void forward(NativeFloats x, int batch) {
    ensureCapacity(batch);
    refreshViews();
    List<DenseChain.Dense> layers = chain.layers();
    int n = layers.size();
    NativeFloats in = x;
    for (int l = 0; l < n; l++) {
      DenseChain.Dense d = layers.get(l);
      DerivedDenseWeight derived = d.derived();
      if (derived != null) {
        weights[l] = NativeFloats.of(derived.realWeight(team)).pointer();
        inputMajor[l] = true;
      } else {
        weights[l] = params[l].pointer();
        inputMajor[l] = false;
      }
      multiply(batch, d, in.pointer(), weights[l], inputMajor[l], activations[l].pointer());
      ByteBuffer bias = d.hasBias() ? params[l].bytes() : null;
      Kernels.addBias(
          activations[l].bytes(), batch, d.nOut(), bias, d.biasOffset(), d.relu() && l < n - 1);
      in = activations[l];
    }
  }

  /** out[batch, nOut] = in[batch, nIn] · W. */
  private void multiply(
      int batch,
      DenseChain.Dense d,
      FloatPointer in,
      FloatPointer weight,
      boolean inputMajor,
      FloatPointer out) {
    // Deeplearning4j keeps a dense weight [nIn, nOut] in f order, i.e. row-major [nOut][nIn]; a
    // derived weight is c order, row-major [nIn][nOut]
    products.multiply(
        false,
        !inputMajor,
        batch,
        d.nOut(),
        d.nIn(),
        in,
        d.nIn(),
        weight,
        inputMajor ? d.nOut() : d.nIn(),
        out,
        d.nOut());
  }

  /** dW = in^T · delta, in the weight's own layout. */
  private void weightGradient(
      int batch,
      DenseChain.Dense d,
      FloatPointer in,
      FloatPointer delta,
      boolean inputMajor,
      FloatPointer out) {
    if (inputMajor) {
      products.multiply(
          true, false, d.nIn(), d.nOut(), batch, in, d.nIn(), delta, d.nOut(), out, d.nOut());
    } else {
      products.multiply(
          true, false, d.nOut(), d.nIn(), batch, delta, d.nOut(), in, d.nIn(), out, d.nIn());
    }
  }

  /** deltaBelow[batch, nIn] = delta[batch, nOut] · W^T. */
  private void backpropagate(
      int batch,
      DenseChain.Dense d,
      FloatPointer delta,
      FloatPointer weight,
      boolean inputMajor,
      NativeFloats below) {
    products.multiply(
        false,
        inputMajor,
        batch,
        d.nIn(),
        d.nOut(),
        delta,
        d.nOut(),
        weight,
        inputMajor ? d.nOut() : d.nIn(),
        below.pointer(),
        d.nIn());
  }

  /** Rebinds the parameter memory if the network moved it (e.g. a new init). */
  private void refreshViews() {
    for (int l = 0; l < params.length; l++) {
      Layer layer = chain.layers().get(l).layer();
      if (!params[l].sameMemory(layer.params())) {
        params[l] = NativeFloats.of(layer.params());
      }
      if (training != null && !training.gradients[l].sameMemory(layer.getGradientsViewArray())) {
        throw new IllegalStateException(
            "layer '" + chain.layers().get(l).name() + "': its gradient view was replaced");
      }
    }
  }

  private void ensureCapacity(int batch) {
    if (batch <= capacity) {
      return;
    }
    int n = chain.layers().size();
    activations = new NativeFloats[n];
    deltas = new NativeFloats[n];
    try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
      for (int l = 0; l < n; l++) {
        long size = (long) batch * chain.layers().get(l).nOut();
        activations[l] = NativeFloats.of(Nd4j.createUninitialized(DataType.FLOAT, size));
        deltas[l] = NativeFloats.of(Nd4j.createUninitialized(DataType.FLOAT, size));
      }
    }
    capacity = batch;
  }

  private static INDArray contiguousFloat(INDArray a) {
    INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
    return NativeFloats.rowMajorContiguous(f) ? f : f.dup('c');
  }

  private static boolean notEmpty(List<?> list) {
    return list != null && !list.isEmpty();
  }
}

package org.fraction.engine.train;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.model.Algebra;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.Model;
import org.fraction.spi.model.ModelContext;
import org.fraction.spi.model.Network;
import org.fraction.spi.optim.Optimizer;
import org.fraction.spi.settings.InvalidSetting;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/** Builds and initialises networks from a model plugin with the engine's global settings. */
public final class NetworkFactory {

  private NetworkFactory() {}

  /**
   * The image shape the model takes for the data set, checked against what the engine can adapt.
   */
  public static InputShape networkInput(Model model, DatasetInfo data, Algebra algebra) {
    if (!model.algebras().contains(algebra)) {
      throw new InvalidSetting(
          "algebra", "this model has no " + algebra + " variant; it supports " + model.algebras());
    }
    InputShape in = model.inputShape(data.shape(), algebra);
    if (!org.fraction.engine.data.ImageEncoder.supported(data.shape().channels(), in.channels())
        || in.height() != data.shape().height()
        || in.width() != data.shape().width()) {
      throw new InvalidSetting(
          "type",
          "the model takes "
              + in
              + " images, which cannot be made from the data set's "
              + data.shape());
    }
    return in;
  }

  /** The model's network description, without initialising parameters (cheap; used by plan). */
  public static Network describe(
      Model model,
      DatasetInfo data,
      Algebra algebra,
      Optimizer optimizer,
      ISchedule lr,
      long seed) {
    InputShape input = networkInput(model, data, algebra);
    return model.build(
        new ModelContext(input, data.classes(), algebra, base(optimizer, lr, seed), data.shape()));
  }

  /** Builds and initialises the network; the same seed gives the same initial weights. */
  public static BuiltNetwork build(
      Model model,
      DatasetInfo data,
      Algebra algebra,
      Optimizer optimizer,
      ISchedule lr,
      long seed) {
    Network network = describe(model, data, algebra, optimizer, lr, seed);
    Nd4j.getRandom().setSeed(seed);
    ComputationGraph graph = new ComputationGraph(freshConfiguration(network));
    graph.init();
    return new BuiltNetwork(graph, network);
  }

  /**
   * A new graph with fresh updater state and step counters, holding the parameters of {@code from}.
   */
  public static BuiltNetwork rebuild(BuiltNetwork from) {
    ComputationGraph graph = new ComputationGraph(freshConfiguration(from.network()));
    graph.init(from.graph().params().dup(), false);
    return new BuiltNetwork(graph, from.network());
  }

  /** Graphs count their steps in their configuration, so every graph gets its own, zeroed copy. */
  private static ComputationGraphConfiguration freshConfiguration(Network network) {
    ComputationGraphConfiguration conf = network.configuration().clone();
    conf.setIterationCount(0);
    conf.setEpochCount(0);
    return conf;
  }

  /**
   * DEVICE keeps each convolution's forward output for backpropagation; without it Deeplearning4j
   * computes every forward convolution twice per step. Benchmarks may override it with
   * -Dfraction.cache-mode=none|device|host.
   */
  static CacheMode cacheMode() {
    return CacheMode.valueOf(
        System.getProperty("fraction.cache-mode", "device").toUpperCase(java.util.Locale.ROOT));
  }

  /**
   * Benchmarks may override it with -Dfraction.workspaces=enabled|none (none is several times
   * slower).
   */
  static WorkspaceMode workspaceMode() {
    return WorkspaceMode.valueOf(
        System.getProperty("fraction.workspaces", "enabled").toUpperCase(java.util.Locale.ROOT));
  }

  static NeuralNetConfiguration.Builder base(Optimizer optimizer, ISchedule lr, long seed) {
    IUpdater updater = optimizer.updater().clone();
    if (lr != null && updater.hasLearningRate()) {
      updater.setLrAndSchedule(Double.NaN, lr);
    }
    double wd = optimizer.weightDecay();
    NeuralNetConfiguration.Builder b =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .updater(updater)
            .trainingWorkspaceMode(workspaceMode())
            .inferenceWorkspaceMode(workspaceMode())
            .cacheMode(cacheMode());
    if (wd > 0) {
      b.l2(wd).l2Bias(wd);
    }
    return b;
  }
}

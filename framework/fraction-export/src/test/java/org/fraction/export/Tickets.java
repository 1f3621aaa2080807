package org.fraction.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.engine.train.BuiltNetwork;
import org.fraction.engine.train.NetworkFactory;
import org.fraction.plugins.datasets.DatasetsPlugin;
import org.fraction.plugins.models.ModelsPlugin;
import org.fraction.plugins.optimizers.OptimizersPlugin;
import org.fraction.plugins.pruning.PruningPlugin;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trials for tests: a network from a workflow, pruned at initialisation, stored as a round of a
 * trial directory.
 */
final class Tickets {

  private Tickets() {}

  static Plugins plugins() {
    return Plugins.of(
        List.of(
            new TestPlugin(),
            new ModelsPlugin(),
            new DatasetsPlugin(),
            new OptimizersPlugin(),
            new PruningPlugin()),
        Tickets.class.getClassLoader());
  }

  static WorkflowLoader loader() {
    return new WorkflowLoader(plugins());
  }

  static Trial trial(String yaml) {
    return loader().loadTrial(yaml, "test.yaml");
  }

  static BuiltNetwork build(Trial trial) {
    WorkflowSettings s = trial.settings();
    return NetworkFactory.build(
        s.model().create(),
        s.dataset().create().info(),
        s.model().engine().algebra(),
        s.training().optimizer().create(),
        null,
        s.seed());
  }

  /**
   * Prunes the network's initial weights with the trial's strategy to {@code keep} of them, gives
   * batch normalisation random statistics (so that folding it is tested), and stores the result as
   * round 1 of a trial directory under {@code runs}.
   */
  static Path store(Trial trial, BuiltNetwork net, double keep, Path runs, long seed)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Map<ParameterRef, INDArray> masks = new LinkedHashMap<>();
    if (keep < 1) {
      List<PrunableTensor> tensors = new ArrayList<>();
      for (ParameterRef ref : net.prunable()) {
        INDArray w = net.param(ref).dup();
        tensors.add(new PrunableTensor(ref, w, Nd4j.onesLike(w)));
      }
      masks.putAll(
          trial
              .settings()
              .pruning()
              .create()
              .prune(
                  new PruningContext(
                      tensors, net.network().quaternionGroups(), keep, 1, random.split())));
    } else {
      for (ParameterRef ref : net.prunable()) {
        masks.put(ref, Nd4j.onesLike(net.param(ref)));
      }
    }
    for (Map.Entry<ParameterRef, INDArray> m : masks.entrySet()) {
      net.param(m.getKey()).muli(m.getValue());
    }
    for (ParameterRef ref : net.parameters()) {
      INDArray p = net.param(ref);
      switch (ref.param()) {
        case "mean", "beta" -> p.assign(Nd4j.randn(p.dataType(), p.shape()).muli(0.2));
        case "gamma" -> p.assign(Nd4j.rand(p.dataType(), p.shape()).addi(0.5));
        case "log10stdev" -> p.assign(Nd4j.rand(p.dataType(), p.shape()).subi(0.5).muli(0.6));
        case "var" -> p.assign(Nd4j.rand(p.dataType(), p.shape()).addi(0.5));
        case "b" -> p.assign(Nd4j.randn(p.dataType(), p.shape()).muli(0.1));
        default -> {}
      }
    }
    TrialDirectory dir = new TrialDirectory(runs.resolve(trial.name()).resolve(trial.id()));
    dir.writeDocument(trial.document());
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("round", 1L);
    attributes.put("density", keep);
    RoundFiles.write(
        dir.roundFile(1),
        new RoundData(
            attributes,
            net.copyParameters(),
            masks,
            Map.of(),
            List.of(new org.fraction.spi.tracking.EpochMetrics(1, 0, 0, 0, 0, 0, 0)),
            null));
    return dir.path();
  }

  /** The network's class scores: the same graph with the classifier's softmax left out. */
  static INDArray logits(BuiltNetwork net, INDArray features) {
    ComputationGraphConfiguration conf = net.graph().getConfiguration().clone();
    String output = conf.getNetworkOutputs().get(0);
    ((BaseLayer) ((LayerVertex) conf.getVertices().get(output)).getLayerConf().getLayer())
        .setActivationFn(new ActivationIdentity());
    ComputationGraph g = new ComputationGraph(conf);
    g.init(net.graph().params().dup(), false);
    return g.outputSingle(false, features);
  }

  /** Largest |a - b| of each row over its largest |b|. */
  static double[] relativeErrors(float[] got, INDArray want) {
    int rows = (int) want.size(0);
    int cols = (int) want.size(1);
    float[] w = want.dup('c').data().asFloat();
    double[] out = new double[rows];
    for (int r = 0; r < rows; r++) {
      double diff = 0;
      double scale = 0;
      for (int c = 0; c < cols; c++) {
        diff = Math.max(diff, Math.abs(got[r * cols + c] - w[r * cols + c]));
        scale = Math.max(scale, Math.abs(w[r * cols + c]));
      }
      out[r] = diff / scale;
    }
    return out;
  }
}

package org.fraction.engine.train;

import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fraction.engine.backend.NativeMemory;
import org.fraction.engine.train.fused.FusedDenseStep;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One optimisation step as the round loop takes it: a fit on the batch, then the masks applied to
 * the whole parameter vector with one fused multiply (none for a dense network). Public so that
 * benchmarks time exactly what training runs.
 */
public final class TrainingStep {

  /** Set to {@code false} to train every network through Deeplearning4j's {@code fit}. */
  public static final String FUSED_PROPERTY = "fraction.fused-dense";

  private final ComputationGraph graph;
  private final INDArray flatMask;
  private final FusedDenseStep fused;
  private final String kind;
  private final NativeMemory memory = new NativeMemory();

  /** The step for this network under these masks. */
  public TrainingStep(BuiltNetwork net, MaskSet masks) {
    this.graph = net.graph();
    this.flatMask = masks.remaining() == masks.size() ? null : masks.flatFor(net);
    FusedDenseStep.Result result = fusedStep(graph);
    this.fused = result.step().orElse(null);
    this.kind =
        fused != null
            ? "fused dense, " + fused.update()
            : "deeplearning4j fit (" + result.reason() + ")";
  }

  /** The fused step for the graph, unless the graph is not a dense chain or it is switched off. */
  private static FusedDenseStep.Result fusedStep(ComputationGraph graph) {
    return "false".equals(System.getProperty(FUSED_PROPERTY))
        ? new FusedDenseStep.Result(Optional.empty(), FUSED_PROPERTY + "=false")
        : FusedDenseStep.forGraph(graph);
  }

  /** How the step trains: "fused dense", or Deeplearning4j's fit and why. */
  public String kind() {
    return kind;
  }

  /** Applies the masks to the parameters as they are now (e.g. to start weights). */
  public void applyMasks() {
    if (flatMask != null) {
      graph.params().muli(flatMask);
    }
  }

  /**
   * The forward pass the round loop evaluates a network with (the fused one where the network is a
   * dense chain), for evaluating a network that is not being trained, e.g. an interpolation.
   */
  public static Evaluation.Forward inference(BuiltNetwork net) {
    ComputationGraph g = net.graph();
    FusedDenseStep fused = fusedStep(g).step().orElse(null);
    return fused != null ? fused::probabilities : f -> g.outputSingle(false, f);
  }

  /** The network's class probabilities for a batch, in inference mode. */
  public INDArray probabilities(INDArray features) {
    return fused != null ? fused.probabilities(features) : graph.outputSingle(false, features);
  }

  /** Trains on one batch; returns the loss Deeplearning4j reports for it (with any L2 term). */
  public double fit(INDArray features, INDArray labels) {
    return fit(features, labels, new EpochClock());
  }

  /**
   * The same, charging the fit to {@link EpochClock.Part#STEPS} and the masks to {@link
   * EpochClock.Part#MASKS}.
   */
  public double fit(INDArray features, INDArray labels, EpochClock clock) {
    double score;
    if (fused != null) {
      score = fused.fit(features, labels);
    } else {
      graph.fit(new DataSet(features, labels));
      score = graph.score();
    }
    clock.charge(EpochClock.Part.STEPS);
    applyMasks();
    clock.charge(EpochClock.Part.MASKS);
    memory.afterStep();
    clock.charge(EpochClock.Part.STEPS);
    return score;
  }
}

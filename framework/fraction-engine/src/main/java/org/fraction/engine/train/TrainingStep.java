package org.fraction.engine.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fraction.engine.backend.NativeMemory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One optimisation step as the round loop takes it: a fit on the batch, then the masks applied to
 * the whole parameter vector with one fused multiply (none for a dense network). Public so that
 * benchmarks time exactly what training runs.
 */
public final class TrainingStep {

  private final ComputationGraph graph;
  private final INDArray flatMask;
  private final NativeMemory memory = new NativeMemory();

  /** The step for this network under these masks. */
  public TrainingStep(BuiltNetwork net, MaskSet masks) {
    this.graph = net.graph();
    this.flatMask = masks.remaining() == masks.size() ? null : masks.flatFor(net);
  }

  /** Applies the masks to the parameters as they are now (e.g. to start weights). */
  public void applyMasks() {
    if (flatMask != null) {
      graph.params().muli(flatMask);
    }
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
    graph.fit(new DataSet(features, labels));
    clock.charge(EpochClock.Part.STEPS);
    applyMasks();
    clock.charge(EpochClock.Part.MASKS);
    memory.afterStep();
    double score = graph.score();
    clock.charge(EpochClock.Part.STEPS);
    return score;
  }
}

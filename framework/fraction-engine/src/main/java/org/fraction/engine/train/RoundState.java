package org.fraction.engine.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fraction.engine.store.RoundData;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.store.RoundFileSchema;
import org.fraction.spi.tracking.EpochMetrics;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One round as it trains: the network, its current masks and the step that keeps them, the weights
 * later rounds rewind to, the finished epochs and the steps taken.
 */
final class RoundState {

  final BuiltNetwork net;
  final ComputationGraph graph;
  final List<EpochMetrics> history = new ArrayList<>();
  MaskSet masks;
  TrainingStep step;
  Map<ParameterRef, INDArray> rewind;
  long iteration;

  /**
   * The network at the round's start: its weights masked, and, for {@code rewindAt} 0, those masked
   * weights kept to rewind to.
   */
  RoundState(BuiltNetwork net, MaskSet masks, long rewindAt) {
    this.net = net;
    this.graph = net.graph();
    this.masks = masks;
    this.step = new TrainingStep(net, masks);
    step.applyMasks();
    this.rewind = rewindAt == 0 ? net.copyParameters() : Map.of();
  }

  int epochsDone() {
    return history.size();
  }

  /** Trains under {@code tightened} from now on (gradual pruning), its zeros applied at once. */
  void tighten(MaskSet tightened) {
    masks = tightened;
    step = new TrainingStep(net, masks);
    step.applyMasks();
  }

  /**
   * Continues from an epoch checkpoint: its weights, optimizer state, finished epochs, step count,
   * rewind weights (where it has them) and masks (tightened since the start under gradual pruning).
   */
  void resumeFrom(RoundData checkpoint) {
    net.setParameters(checkpoint.weights());
    INDArray updater = graph.getUpdater().getStateViewArray();
    updater.assign(checkpoint.updaterState().reshape(updater.shape()));
    history.addAll(checkpoint.epochs());
    iteration = (long) checkpoint.number(RoundFileSchema.ITERATIONS_DONE);
    graph.getConfiguration().setIterationCount((int) iteration);
    graph.getConfiguration().setEpochCount(epochsDone());
    if (!checkpoint.rewind().isEmpty()) {
      rewind = checkpoint.rewind();
    }
    masks = TrialRunner.masksOf(net, checkpoint.masks());
    step = new TrainingStep(net, masks);
  }

  /** The round's state as its files store it; {@code updaterState} only in an epoch checkpoint. */
  RoundData data(Map<String, Object> attributes, INDArray updaterState) {
    return new RoundData(
        attributes, net.copyParameters(), masks.masks(), rewind, history, updaterState);
  }
}

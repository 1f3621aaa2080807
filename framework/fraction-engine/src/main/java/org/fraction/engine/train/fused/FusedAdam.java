package org.fraction.engine.train.fused;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Deeplearning4j's Adam step for a network whose updater blocks are all plain {@link Adam}, in one
 * pass over each block's parameters, gradient and moments: the same arithmetic as Deeplearning4j's
 * updater (the summed gradient divided by the batch size, then nd4j's {@code adam_updater}, then
 * subtracted from the parameters), without its per-element index arithmetic, which nd4j falls back
 * to when the gradient and state views differ in order.
 */
final class FusedAdam {

  /** Parameters per piece the pass is cut into, for a team to share (a multiple of 16). */
  static final int PIECE = 32_768;

  /** A stretch of one updater block: its parameters, gradient and moments. */
  private record Piece(
      Adam config, ByteBuffer params, ByteBuffer gradient, ByteBuffer m, ByteBuffer v, int n) {}

  private final List<Piece> pieces;
  private final boolean divideByBatch;
  private final WorkTeam team;

  private FusedAdam(List<Piece> pieces, boolean divideByBatch, WorkTeam team) {
    this.pieces = pieces;
    this.divideByBatch = divideByBatch;
    this.team = team;
  }

  /**
   * The fused update for this network's updater, or empty when a block is not plain Adam (the
   * network's own updater then applies the step). Regularisation is the caller's to rule out: the
   * pass applies none.
   */
  static Optional<FusedAdam> of(ComputationGraph graph, WorkTeam team) {
    ComputationGraphUpdater updater = graph.getUpdater(true);
    INDArray params = graph.params().reshape(-1);
    List<Piece> pieces = new ArrayList<>();
    for (UpdaterBlock b : updater.getUpdaterBlocks()) {
      if (!(b.getGradientUpdater() instanceof AdamUpdater adam)
          || adam.getConfig().getClass() != Adam.class
          || adam.getM() == null
          || adam.getV() == null) {
        return Optional.empty();
      }
      INDArray blockParams =
          params.get(NDArrayIndex.interval(b.getParamOffsetStart(), b.getParamOffsetEnd()));
      List<INDArray> views = List.of(blockParams, b.getGradientView(), adam.getM(), adam.getV());
      if (!views.stream().allMatch(NativeFloats::rowMajorContiguous)) {
        return Optional.empty();
      }
      ByteBuffer p = NativeFloats.of(blockParams).bytes();
      ByteBuffer g = NativeFloats.of(b.getGradientView()).bytes();
      ByteBuffer m = NativeFloats.of(adam.getM()).bytes();
      ByteBuffer v = NativeFloats.of(adam.getV()).bytes();
      int n = Math.toIntExact(blockParams.length());
      for (int from = 0; from < n; from += PIECE) {
        int size = Math.min(PIECE, n - from);
        pieces.add(
            new Piece(
                adam.getConfig(),
                slice(p, from, size),
                slice(g, from, size),
                slice(m, from, size),
                slice(v, from, size),
                size));
      }
    }
    boolean miniBatch = graph.getConfiguration().getDefaultConfiguration().isMiniBatch();
    return Optional.of(new FusedAdam(List.copyOf(pieces), miniBatch, team));
  }

  private static ByteBuffer slice(ByteBuffer floats, int from, int size) {
    return floats.slice(4 * from, 4 * size).order(Kernels.ORDER);
  }

  /** Applies the step for the gradient summed over {@code batch} examples. */
  void apply(int batch, int iteration, int epoch) {
    float divisor = divideByBatch ? batch : 1f;
    team.run(pieces.size(), i -> apply(pieces.get(i), divisor, iteration, epoch));
  }

  private static void apply(Piece b, float divisor, int iteration, int epoch) {
    Adam c = b.config();
    float beta1 = (float) c.getBeta1();
    float beta2 = (float) c.getBeta2();
    float beta1T = (float) Math.pow(beta1, iteration + 1);
    float beta2T = (float) Math.pow(beta2, iteration + 1);
    float stepSize =
        (float) c.getLearningRate(iteration, epoch)
            * (float) Math.sqrt(1f - beta2T)
            / (1f - beta1T);
    float epsilon = (float) c.getEpsilon();
    if (Float.isNaN(stepSize) || Float.isInfinite(stepSize) || stepSize == 0f) {
      stepSize = epsilon; // as nd4j's adam_updater does
    }
    Kernels.adam(
        b.params(), b.gradient(), b.m(), b.v(), b.n(), divisor, beta1, beta2, stepSize, epsilon);
  }
}

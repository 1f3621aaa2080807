package org.fraction.testkit;

import java.util.Map;
import org.fraction.engine.train.MaskContract;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Holds a strategy to the contract the engine enforces every round ({@link MaskContract}): a 0/1
 * mask for each tensor offered and no other, of its shape, reviving no pruned weight, and keeping
 * the strategy's {@link PruningStrategy#plannedRemaining} in all. A broken promise throws {@link
 * IllegalStateException} with the engine's message.
 */
public final class PruningContract {

  private PruningContract() {}

  /** Prunes one round and checks it; returns the masks as floats. */
  public static Map<ParameterRef, INDArray> check(
      PruningStrategy strategy, PruningContext context) {
    return contract(strategy).check(context, strategy.prune(context));
  }

  /**
   * Prunes {@code rounds} rounds from {@code first}, each on the masks of the one before (as the
   * engine does, with the same weights), checking every round; returns the last round's masks.
   */
  public static Map<ParameterRef, INDArray> checkRounds(
      PruningStrategy strategy, PruningContext first, int rounds) {
    MaskContract contract = contract(strategy);
    PruningContext context = first;
    Map<ParameterRef, INDArray> masks = contract.check(context, strategy.prune(context));
    for (int r = 1; r < rounds; r++) {
      context = PruningContexts.next(context, masks);
      masks = contract.check(context, strategy.prune(context));
    }
    return masks;
  }

  private static MaskContract contract(PruningStrategy strategy) {
    return new MaskContract(strategy, strategy.getClass().getSimpleName(), "under test");
  }
}

package org.fraction.engine.train;

import java.util.Map;
import org.fraction.engine.settings.MaskSource;
import org.fraction.engine.store.RoundData;
import org.fraction.spi.model.ParameterRef;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weights and masks a round's pruning starts from: the previous round's trained weights and
 * mask, or (pruning at initialisation) the rewind point's weights and no mask at all.
 */
record PruningPoint(Map<ParameterRef, INDArray> weights, MaskSet masks) {

  static PruningPoint of(
      MaskSource source,
      BuiltNetwork template,
      RoundData previous,
      Map<ParameterRef, INDArray> rewind) {
    return source == MaskSource.INIT
        ? new PruningPoint(rewind, MaskSet.dense(template))
        : new PruningPoint(previous.weights(), TrialRunner.masksOf(template, previous.masks()));
  }
}

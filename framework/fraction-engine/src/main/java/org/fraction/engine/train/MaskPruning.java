package org.fraction.engine.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.model.QuaternionGroup;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.PruningStrategy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Applies the workflow's pruning strategy to given weights under given masks: the tensors of
 * excluded layers are not offered and keep their masks, and the strategy's result is checked.
 */
final class MaskPruning {

  private final TrialContext trialContext;
  private final PruningStrategy strategy;
  private final MaskContract contract;
  private final BuiltNetwork template;
  private final Set<String> excluded;

  MaskPruning(
      TrialContext trialContext,
      MaskContract contract,
      BuiltNetwork template,
      List<String> excluded) {
    this.trialContext = trialContext;
    this.strategy = trialContext.strategy;
    this.contract = contract;
    this.template = template;
    this.excluded = Set.copyOf(excluded);
  }

  /** The masks that keep {@code round(size * keep^round)} weights, as the strategy chooses them. */
  MaskSet prune(
      Map<ParameterRef, INDArray> weights,
      MaskSet before,
      double keep,
      int round,
      SplittableRandom random) {
    List<PrunableTensor> tensors = new ArrayList<>();
    for (ParameterRef ref : template.prunable()) {
      if (!excluded.contains(ref.layer())) {
        long[] shape = template.param(ref).shape();
        tensors.add(new PrunableTensor(ref, weights.get(ref).reshape(shape), before.get(ref)));
      }
    }
    List<QuaternionGroup> groups =
        template.network().quaternionGroups().stream()
            .filter(g -> !excluded.contains(g.layer()))
            .toList();
    PruningContext context =
        new PruningContext(
            tensors,
            groups,
            keep,
            round,
            random,
            RoundGradients.of(trialContext, template, weights, round));
    Map<ParameterRef, INDArray> chosen = contract.check(context, strategy.prune(context));
    Map<ParameterRef, INDArray> next = new LinkedHashMap<>();
    for (ParameterRef ref : template.prunable()) {
      next.put(ref, excluded.contains(ref.layer()) ? before.get(ref) : chosen.get(ref));
    }
    return new MaskSet(next);
  }
}

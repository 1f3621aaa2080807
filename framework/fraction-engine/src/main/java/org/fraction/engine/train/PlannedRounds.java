package org.fraction.engine.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fraction.engine.macs.MacCounter;
import org.fraction.engine.macs.NetworkMacs;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.Model;
import org.fraction.spi.model.Network;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PruningStrategy;

/**
 * What a trial's rounds will leave of its network, computed from the pruning schedule before
 * anything trains: densities follow {@code keep^round} up to the strategy's rounding.
 *
 * <p>Multiply-accumulates per image: {@code denseMacs} with every weight, {@code sparseMacs} an
 * estimate that assumes each pruned layer keeps the round's density of its weights (exact for
 * layer-wise pruning; global pruning spreads the cuts unevenly, and the report counts them from the
 * masks).
 */
public record PlannedRounds(
    long parameters,
    long prunable,
    long realPrunable,
    long stepsPerEpoch,
    NetworkMacs macs,
    List<Round> rounds) {

  public record Round(
      int round,
      double density,
      double densityVsReal,
      long prunableRemaining,
      long paramsRemaining,
      long denseMacs,
      long sparseMacs) {}

  public static PlannedRounds of(Trial trial) {
    WorkflowSettings s = trial.settings();
    DatasetInfo info = s.dataset().create().info();
    Model model = s.model().create();
    InputShape input = NetworkFactory.networkInput(model, info, s.model().engine().algebra());
    Network network =
        NetworkFactory.describe(
            model,
            info,
            s.model().engine().algebra(),
            s.training().optimizer().create(),
            null,
            s.seed());
    ParameterSizes parameters = ParameterSizes.of(network.configuration());
    NetworkMacs macs = MacCounter.count(network.configuration(), input);
    Set<String> excluded =
        s.pruning() == null ? Set.of() : Set.copyOf(s.pruning().engine().exclude());
    List<Long> pruned = new ArrayList<>();
    List<ParameterRef> prunedRefs = new ArrayList<>();
    long fixed = 0;
    long prunable = 0;
    for (ParameterRef ref : network.prunable()) {
      long size = parameters.size(ref);
      prunable += size;
      if (excluded.contains(ref.layer())) {
        fixed += size;
      } else {
        pruned.add(size);
        prunedRefs.add(ref);
      }
    }
    long[] sizes = pruned.stream().mapToLong(Long::longValue).toArray();
    int[][] groups =
        network.quaternionGroups().stream()
            .filter(g -> !excluded.contains(g.layer()))
            .map(g -> g.components().stream().mapToInt(prunedRefs::indexOf).toArray())
            .toArray(int[][]::new);
    long real = network.realPrunable();
    PruningStrategy strategy = s.pruning() == null ? null : s.pruning().create();
    List<Round> rounds = new ArrayList<>();
    for (int k = 0; k <= s.rounds(); k++) {
      long remaining =
          fixed
              + (k == 0 || strategy == null
                  ? prunable - fixed
                  : strategy.plannedRemaining(sizes, groups, s.pruning().engine().keep(), k));
      double prunedDensity =
          prunable == fixed ? 1.0 : (double) (remaining - fixed) / (prunable - fixed);
      Map<String, Double> layerDensity = new HashMap<>();
      prunedRefs.forEach(r -> layerDensity.put(r.layer(), prunedDensity));
      rounds.add(
          new Round(
              k,
              (double) remaining / prunable,
              (double) remaining / real,
              remaining,
              parameters.trainable() - (prunable - remaining),
              macs.dense(),
              macs.sparse(layerDensity)));
    }
    long steps = (info.trainSize() + s.training().batchSize() - 1) / s.training().batchSize();
    return new PlannedRounds(parameters.trainable(), prunable, real, steps, macs, rounds);
  }
}

package org.fraction.plugins.pruning;

import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;

/** The built-in pruning strategies. */
public final class PruningPlugin extends PluginModule {

  @Override
  public String pluginName() {
    return "pruning";
  }

  @Override
  protected void registerTypes() {
    register(
        Kinds.PRUNING,
        "global-magnitude",
        NoSettings.class,
        s -> new MagnitudePruning(Scope.GLOBAL),
        "keep the largest |w| across all prunable layers together");
    register(
        Kinds.PRUNING,
        "layer-magnitude",
        NoSettings.class,
        s -> new MagnitudePruning(Scope.LAYER),
        "keep the largest |w| of each layer, every layer at the same density");
    register(
        Kinds.PRUNING,
        "quaternion-magnitude",
        QuaternionMagnitudeSettings.class,
        s -> new QuaternionMagnitudePruning(s.scope()),
        "keep the largest quaternions whole (r, i, j, k together, by norm); real tensors weight by"
            + " weight");
    register(
        Kinds.PRUNING,
        "random",
        RandomSettings.class,
        RandomPruning::new,
        "keep weights chosen uniformly at random, globally or per layer");
    register(
        Kinds.PRUNING,
        "snip",
        SnipSettings.class,
        Snip::new,
        "keep the largest |w * dL/dw| on a few training images (SNIP, for pruning at"
            + " initialisation)");
    register(
        Kinds.PRUNING,
        "grasp",
        GraspSettings.class,
        Grasp::new,
        "prune the largest -w * (H g) on a few training images, keeping gradient flow (GraSP)");
    register(
        Kinds.PRUNING,
        "synflow",
        SynFlowSettings.class,
        SynFlow::new,
        "data-free: keep the largest |w * dR/dw|, R the absolute network's output on ones, iterated"
            + " (SynFlow)");
  }
}

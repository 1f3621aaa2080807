package org.fraction.plugins.optimizers;

import org.fraction.spi.Kind;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;

/** The built-in optimizers and learning-rate schedules. */
public final class OptimizersPlugin extends PluginModule {

  @Override
  public String pluginName() {
    return "optimizers";
  }

  @Override
  protected void registerTypes() {
    register(
        Kinds.OPTIMIZER,
        "sgd",
        SgdSettings.class,
        SgdOptimizer::new,
        "stochastic gradient descent with optional momentum, Nesterov and weight decay (PyTorch"
            + " semantics)");
    register(
        Kinds.OPTIMIZER,
        "adam",
        AdamSettings.class,
        AdamOptimizer::new,
        "Adam (Kingma & Ba) with optional L2 weight decay");
    register(
        Kind.SCHEDULE,
        "constant",
        ConstantSettings.class,
        s -> (epoch, iteration, perEpoch, epochs) -> 1.0,
        "the base learning rate throughout");
    register(
        Kind.SCHEDULE,
        "step",
        StepSettings.class,
        StepSchedule::new,
        "multiply the rate by gamma at each milestone epoch (PyTorch MultiStepLR)");
    register(
        Kind.SCHEDULE,
        "cosine",
        CosineSettings.class,
        CosineSchedule::new,
        "cosine annealing from the base rate to min-factor x base over the round, per step");
  }
}

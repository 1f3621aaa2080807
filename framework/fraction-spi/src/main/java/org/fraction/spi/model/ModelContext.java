package org.fraction.spi.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;

/**
 * What a model needs to build its network.
 *
 * @param input the network's input shape, after the engine adapted the data's channels to {@link
 *     Model#inputShape}
 * @param classes number of output classes
 * @param algebra real or quaternion
 * @param base the global configuration to build from: seed, data type, updater, weight decay and
 *     workspace settings are already set by the engine; call {@code base.graphBuilder()}
 * @param data the data set's own image shape (equal to {@code input} unless channels were adapted);
 *     models use it to describe the real model of the same data, e.g. for {@link
 *     Network#realPrunable()}
 */
public record ModelContext(
    InputShape input,
    int classes,
    Algebra algebra,
    NeuralNetConfiguration.Builder base,
    InputShape data) {

  /** A context whose data already have the network's input shape. */
  public ModelContext(
      InputShape input, int classes, Algebra algebra, NeuralNetConfiguration.Builder base) {
    this(input, classes, algebra, base, input);
  }
}

package org.fraction.plugins.optimizers;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * SGD with momentum exactly as PyTorch computes it, which Deeplearning4j lacks (its only momentum
 * updater is a reformulated Nesterov): {@code v = mu v + g}, then {@code p -= lr v}, or with
 * Nesterov {@code p -= lr (g + mu v)}. The papers' experiments use this optimizer.
 */
public final class TorchMomentum implements IUpdater {

  static final String VELOCITY = "v";

  private double learningRate;
  private ISchedule schedule;
  private final double momentum;
  private final boolean nesterov;

  public TorchMomentum(double learningRate, ISchedule schedule, double momentum, boolean nesterov) {
    this.learningRate = learningRate;
    this.schedule = schedule;
    this.momentum = momentum;
    this.nesterov = nesterov;
  }

  @Override
  public long stateSize(long numParams) {
    return numParams;
  }

  @Override
  public GradientUpdater<TorchMomentum> instantiate(
      INDArray viewArray, boolean initializeViewArray) {
    Updater u = new Updater(this);
    u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
    return u;
  }

  @Override
  public GradientUpdater<TorchMomentum> instantiate(
      Map<String, INDArray> state, boolean initialize) {
    Updater u = new Updater(this);
    u.setState(state, initialize);
    return u;
  }

  @Override
  public TorchMomentum clone() {
    return new TorchMomentum(
        learningRate, schedule == null ? null : schedule.clone(), momentum, nesterov);
  }

  @Override
  public double getLearningRate(int iteration, int epoch) {
    return schedule != null ? schedule.valueAt(iteration, epoch) : learningRate;
  }

  @Override
  public boolean hasLearningRate() {
    return true;
  }

  @Override
  public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
    this.learningRate = lr;
    this.schedule = lrSchedule;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TorchMomentum t
        && t.learningRate == learningRate
        && t.momentum == momentum
        && t.nesterov == nesterov
        && Objects.equals(t.schedule, schedule);
  }

  @Override
  public int hashCode() {
    return Objects.hash(learningRate, momentum, nesterov);
  }

  static final class Updater implements GradientUpdater<TorchMomentum> {
    private final TorchMomentum config;
    private INDArray velocity;
    private char order;

    Updater(TorchMomentum config) {
      this.config = config;
    }

    @Override
    public TorchMomentum getConfig() {
      return config;
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
      if (!state.containsKey(VELOCITY)) {
        throw new IllegalStateException("momentum state needs " + VELOCITY);
      }
      velocity = state.get(VELOCITY);
      if (initialize) {
        velocity.assign(0);
      }
    }

    @Override
    public Map<String, INDArray> getState() {
      return Map.of(VELOCITY, velocity);
    }

    @Override
    public void setStateViewArray(
        INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
      if (initialize) {
        viewArray.assign(0);
      }
      this.order = gradientOrder;
      this.velocity = viewArray.reshape(gradientOrder, gradientShape);
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
      double lr = config.getLearningRate(iteration, epoch);
      INDArray v = velocity.reshape(order, gradient.shape());
      v.muli(config.momentum).addi(gradient);
      if (config.nesterov) {
        gradient.addi(v.mul(config.momentum)).muli(lr);
      } else {
        gradient.assign(v).muli(lr);
      }
    }
  }
}

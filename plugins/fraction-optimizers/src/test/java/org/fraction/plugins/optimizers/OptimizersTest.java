package org.fraction.plugins.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.fraction.spi.settings.InvalidSetting;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

class OptimizersTest {

  /** Runs three updates of p -= update(g) with fixed gradients; returns p. */
  static float[] threeSteps(TorchMomentum config, float[][] gradients) {
    INDArray state = Nd4j.zeros(1, 2);
    GradientUpdater<?> u = config.instantiate(state, true);
    INDArray p = Nd4j.create(new float[] {1f, -2f}, new long[] {1, 2});
    for (int step = 0; step < gradients.length; step++) {
      INDArray g = Nd4j.create(gradients[step], new long[] {1, 2});
      u.applyUpdater(g, step, 0);
      p.subi(g);
    }
    return p.toFloatVector();
  }

  @Test
  void momentumMatchesPyTorchsFormula() {
    float[][] g = {{0.5f, -1f}, {0.25f, 2f}, {-1f, 0.5f}};
    double lr = 0.1;
    double mu = 0.9;
    // PyTorch: v = mu v + g; p -= lr v
    double[] v = new double[2];
    double[] p = {1, -2};
    double[] nv = new double[2];
    double[] np = {1, -2};
    for (float[] step : g) {
      for (int i = 0; i < 2; i++) {
        v[i] = mu * v[i] + step[i];
        p[i] -= lr * v[i];
        nv[i] = mu * nv[i] + step[i];
        np[i] -= lr * (step[i] + mu * nv[i]);
      }
    }
    float[] heavyBall = threeSteps(new TorchMomentum(lr, null, mu, false), g);
    float[] nesterov = threeSteps(new TorchMomentum(lr, null, mu, true), g);
    for (int i = 0; i < 2; i++) {
      assertThat((double) heavyBall[i]).isCloseTo(p[i], within(1e-6));
      assertThat((double) nesterov[i]).isCloseTo(np[i], within(1e-6));
    }
  }

  @Test
  void stepScheduleStepsAtMilestoneEpochsLikeMultiStepLr() {
    StepSchedule s = new StepSchedule(new StepSettings(List.of(10, 12), 0.1));
    double[] factors = new double[15];
    for (int e = 0; e < 15; e++) {
      factors[e] = s.factor(e, e * 100L, 100, 15);
    }
    assertThat(factors[0]).isEqualTo(1.0);
    assertThat(factors[9]).isEqualTo(1.0);
    assertThat(factors[10]).isCloseTo(0.1, within(1e-12));
    assertThat(factors[11]).isCloseTo(0.1, within(1e-12));
    assertThat(factors[12]).isCloseTo(0.01, within(1e-12));
    assertThat(factors[14]).isCloseTo(0.01, within(1e-12));
  }

  @Test
  void cosineGoesFromOneToTheFloorOverTheRound() {
    CosineSchedule s = new CosineSchedule(new CosineSettings(0.1));
    assertThat(s.factor(0, 0, 50, 4)).isEqualTo(1.0);
    assertThat(s.factor(1, 100, 50, 4)).isCloseTo(0.55, within(1e-12));
    assertThat(s.factor(3, 200, 50, 4)).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new SgdSettings(0.1, 0.0, true, null))
        .isInstanceOf(InvalidSetting.class)
        .hasMessage("needs momentum > 0")
        .extracting(e -> ((InvalidSetting) e).key())
        .isEqualTo("nesterov");
    assertThatThrownBy(() -> new SgdSettings(null, null, null, null)).hasMessage("is required");
    assertThatThrownBy(() -> new AdamSettings(1e-3, 1.5, null, null, null))
        .extracting(e -> ((InvalidSetting) e).key())
        .isEqualTo("beta1");
    assertThatThrownBy(() -> new StepSettings(List.of(12, 10), null))
        .hasMessageContaining("increasing");
    assertThat(new SgdOptimizer(new SgdSettings(0.1, null, null, null)).updater())
        .isInstanceOf(org.nd4j.linalg.learning.config.Sgd.class);
    assertThat(new AdamSettings(1e-3, null, null, null, null).epsilon()).isEqualTo(1e-8);
  }
}

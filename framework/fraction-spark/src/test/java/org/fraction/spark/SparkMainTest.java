package org.fraction.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparkMainTest {

  @Test
  void runUsesTheSparkExecutorUnlessAnotherIsChosen() {
    assertThat(SparkMain.arguments(new String[] {"run", "w.yaml", "--out", "/shared/runs"}))
        .containsExactly("run", "w.yaml", "--out", "/shared/runs", "--executor", "spark");
    assertThat(SparkMain.arguments(new String[] {"run", "w.yaml", "--executor", "local"}))
        .containsExactly("run", "w.yaml", "--executor", "local");
    assertThat(SparkMain.arguments(new String[] {"results", "runs/w"}))
        .containsExactly("results", "runs/w");
  }
}

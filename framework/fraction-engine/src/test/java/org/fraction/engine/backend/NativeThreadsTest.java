package org.fraction.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeThreadsTest {

  private static final long LENET_300_100 = 784 * 300 + 300 * 100 + 100 * 10;
  private static final long CONV_4 = 98_300_000L;

  @Test
  void aSmallModelTakesOneThread() {
    NativeThreads.Choice choice = NativeThreads.choose(LENET_300_100, 2, Map.of());
    assertThat(choice.threads()).isEqualTo(1);
    assertThat(choice.denseThreads()).isEqualTo(2);
    assertThat(choice.reason())
        .isEqualTo(
            "small model: 0.27 M multiply-adds per example < 10 M; set OMP_NUM_THREADS to choose");
  }

  @Test
  void aLargeModelTakesOneThreadPerCore() {
    assertThat(NativeThreads.choose(CONV_4, 2, Map.of()))
        .isEqualTo(
            new NativeThreads.Choice(
                2,
                1,
                "one per core: 98.30 M multiply-adds per example >= 10 M; set OMP_NUM_THREADS to"
                    + " choose"));
    assertThat(NativeThreads.choose(CONV_4, 8, Map.of()).threads()).isEqualTo(8);
  }

  @Test
  void theThresholdItselfCountsAsLarge() {
    assertThat(NativeThreads.choose(NativeThreads.SMALL_MODEL_MACS - 1, 4, Map.of()).threads())
        .isEqualTo(1);
    assertThat(NativeThreads.choose(NativeThreads.SMALL_MODEL_MACS, 4, Map.of()).threads())
        .isEqualTo(4);
  }

  @Test
  void threadCountsTheUserSetAreLeftAlone() {
    assertThat(NativeThreads.choose(LENET_300_100, 2, Map.of("OMP_NUM_THREADS", "2")))
        .isEqualTo(new NativeThreads.Choice(0, 1, "OMP_NUM_THREADS=2, yours"));
    assertThat(NativeThreads.choose(CONV_4, 2, Map.of("OPENBLAS_NUM_THREADS", "1")))
        .isEqualTo(new NativeThreads.Choice(0, 1, "OPENBLAS_NUM_THREADS=1, yours"));
  }

  @Test
  void oneCoreMeansOneThreadWhateverTheSize() {
    assertThat(NativeThreads.choose(CONV_4, 1, Map.of()).threads()).isEqualTo(1);
    assertThat(NativeThreads.choose(LENET_300_100, 1, Map.of()).denseThreads()).isEqualTo(1);
  }

  @Test
  void aSmallModelsDenseProductsAreCutOverTheCoresUpToFour() {
    assertThat(NativeThreads.choose(LENET_300_100, 8, Map.of()).denseThreads())
        .isEqualTo(NativeThreads.MAX_DENSE_THREADS);
    assertThat(NativeThreads.choose(CONV_4, 8, Map.of()).denseThreads()).isEqualTo(1);
  }
}

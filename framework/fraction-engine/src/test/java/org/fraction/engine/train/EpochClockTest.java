package org.fraction.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.fraction.engine.train.EpochClock.Part;
import org.junit.jupiter.api.Test;

class EpochClockTest {

  @Test
  void partsAddUpToTheTimeSinceTheStartAndUnchargedPartsStayZero() {
    EpochClock clock = new EpochClock();
    long before = System.nanoTime();
    clock.start();
    clock.charge(Part.DATA_WAIT);
    clock.charge(Part.STEPS);
    clock.charge(Part.STEPS);
    clock.charge(Part.EVALUATION);
    long after = System.nanoTime();
    double sum = 0;
    for (Part p : Part.values()) {
      assertThat(clock.seconds(p)).isGreaterThanOrEqualTo(0);
      sum += clock.seconds(p);
    }
    assertThat(sum).isLessThanOrEqualTo((after - before) / 1e9);
    assertThat(clock.seconds(Part.MASKS)).isZero();
    assertThat(clock.seconds(Part.CHECKPOINT)).isZero();
    assertThat(clock.seconds(Part.TRACKING)).isZero();
  }

  @Test
  void startClearsThePreviousEpoch() {
    EpochClock clock = new EpochClock();
    clock.start();
    for (int i = 0; i < 1000; i++) {
      clock.charge(Part.STEPS);
    }
    clock.start();
    assertThat(clock.seconds(Part.STEPS)).isZero();
  }

  @Test
  void theLineNamesEveryPartInOrder() {
    EpochClock clock = new EpochClock();
    clock.start();
    assertThat(clock.line(2, 3))
        .matches(
            "profile round 2 epoch 3: data wait 0\\.000 s, steps 0\\.000 s, masks 0\\.000 s,"
                + " evaluation 0\\.000 s, checkpoint 0\\.000 s, tracking 0\\.000 s, total 0\\.000"
                + " s");
  }
}

package org.fraction.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.fraction.engine.results.AggregateRow;
import org.fraction.engine.results.Spread;
import org.junit.jupiter.api.Test;

class SpreadOverlapTest {

  private static AggregateRow round(String algebra, double density, double low, double high) {
    Spread d = Spread.of(List.of(density, density));
    Spread accuracy = Spread.of(List.of(low, high));
    return new AggregateRow(
        "g-" + algebra,
        "",
        algebra,
        "lenet-300-100",
        "mnist",
        0,
        List.of("a", "b"),
        List.of(1L, 2L),
        d,
        d,
        accuracy,
        accuracy,
        accuracy);
  }

  @Test
  void findsWhereTheBandsCrossLinearlyInLogDensity() {
    // in t = 1 + log(x) / log(4) (0 at 25 %, 1 at 100 %): real [0.80 + 0.15t, 0.82 + 0.15t],
    // quaternion
    // [0.88 + 0.02t, 0.90 + 0.02t]; they overlap for 0.06 / 0.13 <= t <= 0.10 / 0.13
    List<AggregateRow> real =
        List.of(round("real", 1.0, 0.95, 0.97), round("real", 0.25, 0.80, 0.82));
    List<AggregateRow> quaternion =
        List.of(round("quaternion", 1.0, 0.90, 0.92), round("quaternion", 0.25, 0.88, 0.90));

    List<SpreadOverlap.Range> ranges = SpreadOverlap.of(real, quaternion, Spread.Band.MIN_MAX);

    double upper = Math.pow(0.25, 1 - 0.10 / 0.13);
    double lower = Math.pow(0.25, 1 - 0.06 / 0.13);
    assertThat(ranges).hasSize(3);
    assertThat(ranges.get(0).above()).isEqualTo(1);
    assertThat(ranges.get(0).from()).isCloseTo(1.0, within(1e-12));
    assertThat(ranges.get(0).to()).isCloseTo(upper, within(1e-9));
    assertThat(ranges.get(1).overlap()).isTrue();
    assertThat(ranges.get(1).from()).isCloseTo(upper, within(1e-9));
    assertThat(ranges.get(1).to()).isCloseTo(lower, within(1e-9));
    assertThat(ranges.get(2).above()).isEqualTo(-1);
    assertThat(ranges.get(2).to()).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void comparesOnlyTheDensitiesBothGroupsReach() {
    List<AggregateRow> real = List.of(round("real", 1.0, 0.9, 0.9), round("real", 0.5, 0.9, 0.9));
    List<AggregateRow> quaternion =
        List.of(round("quaternion", 0.25, 0.9, 0.9), round("quaternion", 0.125, 0.9, 0.9));
    assertThat(SpreadOverlap.of(real, quaternion, Spread.Band.MIN_MAX)).isEmpty();

    List<AggregateRow> shifted =
        List.of(round("quaternion", 0.7, 0.9, 0.9), round("quaternion", 0.1, 0.9, 0.9));
    assertThat(SpreadOverlap.of(real, shifted, Spread.Band.MIN_MAX))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.overlap()).isTrue();
              assertThat(r.from()).isCloseTo(0.7, within(1e-12));
              assertThat(r.to()).isCloseTo(0.5, within(1e-12));
            });
  }
}

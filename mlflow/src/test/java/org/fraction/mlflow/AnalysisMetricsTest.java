package org.fraction.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics of an analysis (e.g. an instability analysis) go to the trial's run, each point once. */
class AnalysisMetricsTest {

  @TempDir Path dir;

  @Test
  void analysisMetricsAreLoggedOnTheTrialRunOncePerKeyAndStep() throws Exception {
    try (Journal j = Journal.open(dir)) {
      RunRecorder r =
          new RunRecorder(
              new org.fraction.spi.tracking.TrialInfo(
                  "w", "abcd1234", "", Map.of(), Map.of(), dir, 2),
              j,
              false);
      r.begin(1);
      r.metrics(Map.of("stability_error_barrier", 0.012, "stability_loss_barrier", 0.05), 2, 2);
      r.metrics(Map.of("stability_path_round_2_init_test_error", 0.03), 0, 3);
      r.metrics(Map.of("stability_error_barrier", 0.012), 2, 4); // sent again: not logged twice
      List<Op.LogMetrics> logged =
          j.ops().stream()
              .filter(Op.LogMetrics.class::isInstance)
              .map(Op.LogMetrics.class::cast)
              .toList();
      assertThat(logged).hasSize(2).allMatch(m -> m.run().equals(RunRecorder.TRIAL));
      assertThat(logged.get(0).points())
          .extracting(Op.Point::key, Op.Point::value, Op.Point::step)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("stability_error_barrier", 0.012, 2L),
              org.assertj.core.groups.Tuple.tuple("stability_loss_barrier", 0.05, 2L));
      assertThat(logged.get(1).points())
          .singleElement()
          .satisfies(p -> assertThat(p.key()).isEqualTo("stability_path_round_2_init_test_error"));
    }
  }
}

package org.fraction.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.RoundSummary;
import org.fraction.spi.tracking.TrialInfo;
import org.fraction.spi.tracking.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events to journal calls: what a live trial records, and what a resumed one adds. */
class RunRecorderTest {

  @TempDir Path dir;

  private TrialInfo info() {
    return new TrialInfo(
        "w",
        "abcd1234",
        "",
        Map.of("seed", "5", "training.epochs", "2"),
        Map.of(
            "model",
            "tiny-mlp",
            "algebra",
            "real",
            "dataset",
            "synthetic",
            "pruning",
            "smallest-first",
            "trial",
            "abcd1234",
            "control",
            "",
            "version",
            "0.1.0"),
        dir,
        1);
  }

  private static EpochMetrics epoch(int e) {
    return new EpochMetrics(e, 1.0 / e, 2.0 / e, 0.5 + e / 10.0, 0.05, 1000 + e, 1.5);
  }

  private static RoundSummary round(int k) {
    return new RoundSummary(
        k,
        Math.pow(0.5, k),
        Math.pow(0.5, k),
        100 >> k,
        0.7,
        0.7,
        List.of(epoch(1), epoch(2)),
        null);
  }

  private static List<String> describe(List<Op> ops) {
    return ops.stream()
        .map(
            op -> {
              if (op instanceof Op.StartRun s) {
                return "start "
                    + s.run()
                    + (s.parent() == null ? "" : " in " + s.parent())
                    + " "
                    + s.tags().get(Tags.RUN);
              } else if (op instanceof Op.LogParams p) {
                return "params " + p.run() + " " + p.params().keySet();
              } else if (op instanceof Op.LogMetrics m) {
                return "metrics "
                    + m.run()
                    + " "
                    + m.points().stream().map(p -> p.key() + "@" + p.step()).sorted().toList();
              } else if (op instanceof Op.Upload u) {
                return "upload " + u.run() + " " + u.directory() + "/" + u.file();
              } else {
                Op.SetStatus s = (Op.SetStatus) op;
                return "status " + s.run() + " " + s.status();
              }
            })
        .toList();
  }

  @Test
  void aLiveTrialIsARunWithParamsAndANestedRunPerRound() throws Exception {
    try (Journal j = Journal.open(dir)) {
      RunRecorder r = new RunRecorder(info(), j, true);
      r.begin(1);
      r.roundStarted(0, 2);
      r.epochFinished(0, epoch(1), 3);
      r.epochFinished(0, epoch(2), 4);
      r.roundFinished(round(0), dir.resolve("round-0.h5"), 5, List.of());
      r.finished(TrialStatus.FINISHED, 6);
      assertThat(describe(j.ops()))
          .containsExactly(
              "start trial trial",
              "params trial [seed, training.epochs]",
              "start round-0 in trial round-0",
              "metrics round-0 [images_per_sec@1, learning_rate@1, test_accuracy@1, test_loss@1,"
                  + " train_loss@1]",
              "metrics round-0 [images_per_sec@2, learning_rate@2, test_accuracy@2, test_loss@2,"
                  + " train_loss@2]",
              "status round-0 FINISHED",
              "metrics trial [best_test_accuracy@0, density@0, density_vs_real@0,"
                  + " params_remaining@0, test_accuracy@0]",
              "upload trial rounds/round-0.h5",
              "status trial FINISHED");
      Op.StartRun trial = (Op.StartRun) j.get(0);
      assertThat(trial.name()).isEqualTo("abcd1234 tiny-mlp real");
      assertThat(trial.tags())
          .containsEntry("algebra", "real")
          .containsEntry(Tags.KEY, "abcd1234")
          .containsEntry(Tags.WORKFLOW, "w")
          .containsEntry("control", "");
    }
  }

  @Test
  void anEpochsMaskDensityIsLoggedWhenTheRoundFileHasIt() throws Exception {
    try (Journal j = Journal.open(dir)) {
      RunRecorder r = new RunRecorder(info(), j, true);
      r.begin(1);
      r.roundStarted(1, 2);
      r.epochFinished(1, new EpochMetrics(1, 0.5, 0.6, 0.8, 0.05, 1000, 1.5, 0.42), 3);
      Op.LogMetrics m = (Op.LogMetrics) j.ops().get(j.size() - 1);
      assertThat(
              m.points().stream()
                  .filter(p -> p.key().equals("density"))
                  .map(p -> p.value())
                  .toList())
          .containsExactly(0.42);
    }
  }

  @Test
  void aStoppedTrialEndsItsOpenRoundAndOnResumptionReopensAndAddsOnlyNewPoints() throws Exception {
    try (Journal j = Journal.open(dir)) {
      RunRecorder r = new RunRecorder(info(), j, false);
      r.begin(1);
      r.roundStarted(0, 2);
      r.epochFinished(0, epoch(1), 3);
      r.finished(TrialStatus.KILLED, 4);
      assertThat(describe(j.ops()).subList(4, 6))
          .containsExactly("status round-0 KILLED", "status trial KILLED");
    }
    try (Journal j = Journal.open(dir)) {
      int before = j.size();
      RunRecorder r = new RunRecorder(info(), j, false);
      r.begin(10);
      r.roundStarted(0, 11);
      r.epochFinished(0, epoch(1), 12);
      r.epochFinished(0, epoch(2), 13);
      r.roundFinished(round(0), dir.resolve("round-0.h5"), 14, List.of());
      r.roundStarted(1, 15);
      r.roundFinished(round(1), dir.resolve("round-1.h5"), 16, List.of(15L, 16L));
      r.finished(TrialStatus.FINISHED, 17);
      assertThat(describe(j.ops().subList(before, j.size())))
          .containsExactly(
              "status trial RUNNING",
              "status round-0 RUNNING",
              "metrics round-0 [images_per_sec@2, learning_rate@2, test_accuracy@2, test_loss@2,"
                  + " train_loss@2]",
              "status round-0 FINISHED",
              "metrics trial [best_test_accuracy@0, density@0, density_vs_real@0,"
                  + " params_remaining@0, test_accuracy@0]",
              "start round-1 in trial round-1",
              "metrics round-1 [images_per_sec@1, learning_rate@1, test_accuracy@1, test_loss@1,"
                  + " train_loss@1]",
              "metrics round-1 [images_per_sec@2, learning_rate@2, test_accuracy@2, test_loss@2,"
                  + " train_loss@2]",
              "status round-1 FINISHED",
              "metrics trial [best_test_accuracy@1, density@1, density_vs_real@1,"
                  + " params_remaining@1, test_accuracy@1]",
              "status trial FINISHED");
    }
    try (Journal j = Journal.open(dir)) {
      int before = j.size();
      RunRecorder r = new RunRecorder(info(), j, false);
      r.begin(20);
      r.roundFinished(round(0), dir.resolve("round-0.h5"), 21, List.of());
      r.roundFinished(round(1), dir.resolve("round-1.h5"), 22, List.of());
      r.finished(TrialStatus.FINISHED, 23);
      assertThat(j.size()).as("a finished trial recorded again adds nothing").isEqualTo(before);
    }
  }
}

package org.fraction.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.RoundSummary;
import org.fraction.spi.tracking.StoredRuns.StoredRound;
import org.fraction.spi.tracking.StoredRuns.StoredTrial;

/** Checks what a server holds for an experiment against the run store it came from. */
final class ServerView {

  static final Map<String, ToDoubleFunction<EpochMetrics>> EPOCH = new LinkedHashMap<>();
  static final Map<String, ToDoubleFunction<RoundSummary>> ROUND = new LinkedHashMap<>();

  static {
    EPOCH.put("train_loss", EpochMetrics::trainLoss);
    EPOCH.put("test_loss", EpochMetrics::testLoss);
    EPOCH.put("test_accuracy", EpochMetrics::testAccuracy);
    EPOCH.put("learning_rate", EpochMetrics::learningRate);
    EPOCH.put("images_per_sec", EpochMetrics::imagesPerSecond);
    ROUND.put("test_accuracy", RoundSummary::testAccuracy);
    ROUND.put("best_test_accuracy", RoundSummary::bestTestAccuracy);
    ROUND.put("density", RoundSummary::density);
    ROUND.put("density_vs_real", RoundSummary::densityVsReal);
    ROUND.put("params_remaining", s -> s.paramsRemaining());
    ROUND.put("collapsed_layers", s -> s.collapsedLayers());
  }

  private ServerView() {}

  /**
   * Asserts that the experiment holds exactly one run per stored trial and control, with one nested
   * run per finished round, every param and tag, each metric point exactly once with the stored
   * value at the right step, and each round file.
   *
   * @return the runs, for further checks
   */
  static List<MlflowRest.Run> matches(MlflowRest rest, String experiment, List<StoredTrial> trials)
      throws Exception {
    String id = rest.experimentId(experiment);
    assertThat(id).as("experiment " + experiment).isNotNull();
    List<MlflowRest.Run> runs = rest.runs(id);
    List<MlflowRest.Run> parents = runs.stream().filter(r -> r.tag(Tags.PARENT) == null).toList();
    assertThat(parents).as("trial runs").hasSize(trials.size());
    int children = 0;
    for (StoredTrial t : trials) {
      String key = t.info().key();
      List<MlflowRest.Run> mine =
          parents.stream().filter(r -> key.equals(r.tag(Tags.KEY))).toList();
      assertThat(mine).as("runs of " + key).hasSize(1);
      MlflowRest.Run parent = mine.get(0);
      assertThat(parent.status())
          .as(key + " status")
          .isEqualTo(t.complete() ? "FINISHED" : "KILLED");
      assertThat(parent.tags())
          .as(key + " tags")
          .containsAllEntriesOf(t.info().tags())
          .containsEntry(Tags.RUN, "trial")
          .containsEntry("workflow", t.info().workflow());
      for (String tag :
          List.of("model", "algebra", "dataset", "pruning", "trial", "control", "version")) {
        assertThat(parent.tags()).as(key + " tag " + tag).containsKey(tag);
      }
      assertThat(parent.params()).as(key + " params").isEqualTo(new TreeMap<>(t.info().settings()));

      List<MlflowRest.Run> rounds =
          runs.stream().filter(r -> parent.id().equals(r.tag(Tags.PARENT))).toList();
      assertThat(rounds.stream().map(MlflowRest.Run::name).sorted().toList())
          .as(key + " round runs")
          .isEqualTo(
              t.rounds().stream().map(r -> "round-" + r.summary().round()).sorted().toList());
      children += rounds.size();
      for (StoredRound stored : t.rounds()) {
        RoundSummary s = stored.summary();
        MlflowRest.Run child =
            rounds.stream()
                .filter(r -> r.name().equals("round-" + s.round()))
                .findFirst()
                .orElseThrow();
        assertThat(child.status()).as(key + " round " + s.round()).isEqualTo("FINISHED");
        assertThat(child.tags())
            .containsEntry("round", Integer.toString(s.round()))
            .containsEntry(Tags.KEY, key);
        for (var m : EPOCH.entrySet()) {
          List<double[]> history = rest.history(child.id(), m.getKey());
          assertThat(history.stream().map(p -> (long) p[0]).toList())
              .as(key + " round " + s.round() + " " + m.getKey())
              .isEqualTo(s.epochs().stream().map(e -> (long) e.epoch()).toList());
          // a throughput is measured afresh when an epoch is trained again after a stop; the first
          // stays
          for (int i = 0; i < history.size() && !m.getKey().equals("images_per_sec"); i++) {
            assertThat(history.get(i)[1])
                .as(key + " round " + s.round() + " " + m.getKey())
                .isCloseTo(m.getValue().applyAsDouble(s.epochs().get(i)), within(1e-9));
          }
        }
      }
      for (var m : ROUND.entrySet()) {
        List<double[]> history = rest.history(parent.id(), m.getKey());
        assertThat(history.stream().map(p -> (long) p[0]).toList())
            .as(key + " " + m.getKey() + " steps")
            .isEqualTo(t.rounds().stream().map(r -> (long) r.summary().round()).toList());
        for (int i = 0; i < history.size(); i++) {
          assertThat(history.get(i)[1])
              .as(key + " " + m.getKey())
              .isCloseTo(m.getValue().applyAsDouble(t.rounds().get(i).summary()), within(1e-9));
        }
      }
      Map<String, Long> files = new TreeMap<>();
      for (StoredRound r : t.rounds()) {
        files.put("rounds/" + r.file().getFileName(), Files.size(r.file()));
      }
      assertThat(rest.artifacts(parent.id(), "rounds")).as(key + " round files").isEqualTo(files);
    }
    assertThat(runs).as("all runs").hasSize(trials.size() + children);
    return runs;
  }

  /**
   * The runs as names, tags (without times, users and ids) and params, to compare two experiments.
   */
  static List<String> shape(List<MlflowRest.Run> runs) {
    List<String> out = new ArrayList<>();
    Map<String, String> names = new TreeMap<>();
    runs.forEach(r -> names.put(r.id(), r.name()));
    for (MlflowRest.Run r : runs) {
      Map<String, String> tags = new TreeMap<>(r.tags());
      tags.remove("mlflow.user");
      String parent = tags.remove(Tags.PARENT);
      out.add(
          r.name()
              + " under "
              + (parent == null ? "-" : names.get(parent))
              + " "
              + r.status()
              + " "
              + tags
              + " "
              + r.params());
    }
    out.sort(null);
    return out;
  }
}

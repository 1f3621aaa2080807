package org.fraction.engine.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fraction.engine.store.TrialDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedAggregationTest {

  /**
   * trial,control,algebra,round,density,density_vs_real,test_accuracy,best_test_accuracy,seed,test_loss
   */
  private static final String FIXTURE =
      """
      a1,,real,0,1.0,1.0,0.97,0.975,1,0.10
      a2,,real,0,1.0,1.0,0.98,0.985,2,0.08
      a3,,real,0,1.0,1.0,0.96,0.960,3,0.12
      a1,,real,1,0.8,0.8,0.90,0.91,1,0.30
      a2,,real,1,0.8,0.8,0.94,0.95,2,0.20
      q1,,quaternion,0,1.0,0.25,0.95,0.95,1,0.15
      """;

  static List<ResultRow> rows(String csv) {
    List<ResultRow> out = new ArrayList<>();
    for (String line : csv.strip().split("\n")) {
      String[] c = line.split(",", -1);
      out.add(
          new ResultRow(
              c[0],
              c[1],
              c[2],
              Integer.parseInt(c[3]),
              Double.parseDouble(c[4]),
              Double.parseDouble(c[5]),
              0,
              Double.parseDouble(c[6]),
              Double.parseDouble(c[7]),
              "lenet-300-100",
              "mnist",
              Long.parseLong(c[8]),
              Double.parseDouble(c[9]),
              0,
              1,
              0,
              "global-magnitude",
              "weight-rewind",
              "trained",
              0L,
              Path.of(c[0], "round-" + c[3] + ".h5"),
              Double.NaN,
              Map.of()));
    }
    return out;
  }

  private static final Map<String, String> GROUPS =
      Map.of("a1", "gA", "a2", "gA", "a3", "gA", "q1", "gQ");

  @Test
  void meanStdMinMaxMatchAHandComputation() {
    List<AggregateRow> agg = SeedAggregation.of(rows(FIXTURE), GROUPS);

    assertThat(agg)
        .extracting(AggregateRow::group, AggregateRow::round, AggregateRow::n)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("gA", 0, 3),
            org.assertj.core.groups.Tuple.tuple("gA", 1, 2),
            org.assertj.core.groups.Tuple.tuple("gQ", 0, 1));
    AggregateRow dense = agg.get(0);
    // 0.97, 0.98, 0.96: mean 0.97; deviations 0, 0.01, -0.01; sample variance 0.0002 / 2 = 0.0001
    assertThat(dense.testAccuracy().mean()).isCloseTo(0.97, within(1e-12));
    assertThat(dense.testAccuracy().std()).isCloseTo(0.01, within(1e-12));
    assertThat(dense.testAccuracy().min()).isEqualTo(0.96);
    assertThat(dense.testAccuracy().max()).isEqualTo(0.98);
    // 0.975, 0.985, 0.960: mean 0.64/... = 2.92/3; squares (0.975-m)^2 + ...
    double m = (0.975 + 0.985 + 0.960) / 3;
    double var = (Math.pow(0.975 - m, 2) + Math.pow(0.985 - m, 2) + Math.pow(0.960 - m, 2)) / 2;
    assertThat(dense.bestTestAccuracy().std()).isCloseTo(Math.sqrt(var), within(1e-12));
    assertThat(dense.seeds()).containsExactly(1L, 2L, 3L);
    // round 1 of two seeds: 0.90, 0.94 -> mean 0.92, std sqrt(2 * 0.02^2 / 1) = 0.0282843
    AggregateRow pruned = agg.get(1);
    assertThat(pruned.testAccuracy().mean()).isCloseTo(0.92, within(1e-12));
    assertThat(pruned.testAccuracy().std()).isCloseTo(Math.sqrt(0.0008), within(1e-12));
    assertThat(pruned.testLoss().mean()).isCloseTo(0.25, within(1e-12));
    assertThat(pruned.trials()).containsExactly("a1", "a2");
  }

  @Test
  void aGroupOfOneSeedHasNoSpreadAndTheFormatsSaySo() {
    List<AggregateRow> agg = SeedAggregation.of(rows(FIXTURE), GROUPS);
    AggregateRow single = agg.get(2);
    assertThat(single.n()).isEqualTo(1);
    assertThat(single.testAccuracy().std()).isNaN();
    assertThat(single.testAccuracy().lower(Spread.Band.STD)).isEqualTo(0.95);
    assertThat(single.testAccuracy().upper(Spread.Band.MIN_MAX)).isEqualTo(0.95);

    String csv = AggregateFormat.render(ResultsFormat.CSV, agg);
    List<String> lines = csv.lines().toList();
    assertThat(lines.get(0))
        .startsWith(
            "group,control,algebra,model,dataset,round,n,seeds,trials,density_mean,density_std,");
    assertThat(lines.get(3))
        .isEqualTo(
            "gQ,,quaternion,lenet-300-100,mnist,0,1,1,q1,"
                + "1.000000,,1.000000,1.000000,0.250000,,0.250000,0.250000,0.950000,,0.950000,0.950000,"
                + "0.950000,,0.950000,0.950000,0.150000,,0.150000,0.150000");
    assertThat(lines.get(1)).contains(",0.970000,0.010000,0.960000,0.980000,");
    assertThat(AggregateFormat.render(ResultsFormat.JSON, agg)).contains("\"std\" : null");
    assertThat(AggregateFormat.render(ResultsFormat.TABLE, agg))
        .contains("sample standard deviation (n - 1)");
  }

  @Test
  void trialsThatDifferOnlyInSeedShareAGroup(@TempDir Path runs) throws Exception {
    write(
        runs,
        "t1",
        "name: x\n"
            + "seed: 1\n"
            + "model: {type: lenet-300-100, algebra: real}\n"
            + "training: {epochs: 2, lr: 0.1}\n");
    write(
        runs,
        "t2",
        "name: x\n"
            + "seed: 2\n"
            + "training: {lr: 0.1, epochs: 2}\n"
            + "model: {algebra: real, type: lenet-300-100}\n");
    write(
        runs,
        "t3",
        "name: x\n"
            + "seed: 1\n"
            + "model: {type: lenet-300-100, algebra: real}\n"
            + "training: {epochs: 2, lr: 0.2}\n");

    Map<String, String> groups = SeedGroups.of(runs);

    assertThat(groups.get("t1")).isEqualTo(groups.get("t2"));
    assertThat(groups.get("t3")).isNotEqualTo(groups.get("t1"));
  }

  private static void write(Path runs, String id, String yaml) throws Exception {
    Files.createDirectories(runs.resolve(id));
    Files.writeString(runs.resolve(id).resolve(TrialDirectory.DOCUMENT), yaml);
  }
}

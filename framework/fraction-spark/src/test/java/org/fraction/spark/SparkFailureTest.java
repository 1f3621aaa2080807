package org.fraction.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** A trial task that fails as often as Spark allows ends the run with the task's own message. */
class SparkFailureTest {

  @Test
  void theTasksErrorNamesTheTrialAndTheExecutor() {
    Exception failure;
    try (JavaSparkContext sc =
        new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("failure"))) {
      failure =
          catchException(
              () ->
                  sc.parallelize(List.of(0, 1), 2)
                      .map(
                          i -> {
                            if (i == 1) {
                              throw new SharedStore.RunStoreException(
                                  "executor h executor 7 cannot write the run store /r (denied)");
                            }
                            return i;
                          })
                      .collect());
    }
    String message = SparkTrialExecutor.describe(failure, List.of("aaaa1111", "bbbb2222"));
    assertThat(message)
        .startsWith("trial bbbb2222 failed 2 times, last on ")
        .contains(": executor h executor 7 cannot write the run store /r (denied)\n")
        .endsWith("run the same command again to resume from the trials' last complete rounds");
  }
}

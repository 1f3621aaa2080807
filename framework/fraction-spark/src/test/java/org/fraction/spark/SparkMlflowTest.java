package org.fraction.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fraction.spark.testing.PluginJar;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial task that fails after two rounds and is run again by Spark: the MLflow tracker runs in
 * the tasks, and the retry adds to the trial's runs instead of starting new ones. Against the
 * tracking server scripts/test starts ({@code FRACTION_MLFLOW_URI}).
 */
class SparkMlflowTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void aRetriedTaskKeepsOneRunPerTrialAndEachMetricPointOnce() throws Exception {
    String uri = System.getenv("FRACTION_MLFLOW_URI");
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(
          uri != null && !uri.isBlank(),
          "FRACTION_MLFLOW_URI: no tracking server (scripts/test starts one)");
    }
    assertThat(uri).as("FRACTION_MLFLOW_URI").isNotBlank();
    String experiment = "spark-retry-" + UUID.randomUUID();
    Path jar = PluginJar.build(dir.resolve("plugins"));
    Path workflow = dir.resolve("retry.yaml");
    Files.writeString(
        workflow,
        """
        name: retry
        seed: 5
        dataset: {type: synthetic, train: 600, test: 200}
        model: {type: tiny-mlp}
        training: {epochs: 2, batch-size: 50, optimizer: {type: momentum}}
        pruning: {type: flaky-smallest-first, keep: 0.6, rounds: 3, fail-at-round: 2}
        matrix:
          seed: [5, 6]
        tracking:
          mlflow: {uri: '%s', experiment: '%s', round-files: false}
        """
            .formatted(uri, experiment));

    // local[2,2]: two tasks at a time, two tries each.
    CliRun run =
        CliRun.of(
            "run",
            workflow.toString(),
            "--plugins",
            jar.toString(),
            "--out",
            dir.resolve("runs").toString(),
            "--executor",
            "spark",
            "--master",
            "local[2,2]");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.err()).as(run.err()).doesNotContain("not delivered");
    assertThat(
            run.out()
                .lines()
                .filter(
                    l -> l.matches("trial \\w+: attempt 1 on .* ended: .*flaky-smallest-first.*")))
        .hasSize(2);
    assertThat(run.out().lines().filter(l -> l.contains("resumed it (2 round(s) already complete")))
        .hasSize(2);

    String experimentId =
        get("experiments/get-by-name?experiment_name=" + q(experiment))
            .path("experiment")
            .path("experiment_id")
            .asText();
    List<JsonNode> trials = new ArrayList<>();
    List<JsonNode> rounds = new ArrayList<>();
    for (JsonNode r :
        post("runs/search", Map.of("experiment_ids", List.of(experimentId), "max_results", 1000))
            .path("runs")) {
      boolean child = false;
      for (JsonNode tag : r.path("data").path("tags")) {
        child |= tag.path("key").asText().equals("mlflow.parentRunId");
      }
      (child ? rounds : trials).add(r);
    }
    assertThat(trials).hasSize(2);
    assertThat(rounds).hasSize(2 * 4);
    for (JsonNode trial : trials) {
      assertThat(trial.path("info").path("status").asText()).isEqualTo("FINISHED");
      JsonNode history =
          get("metrics/get-history?run_id="
                  + trial.path("info").path("run_id").asText()
                  + "&metric_key=test_accuracy")
              .path("metrics");
      List<Long> steps = new ArrayList<>();
      history.forEach(m -> steps.add(m.path("step").asLong()));
      assertThat(steps)
          .as("test_accuracy steps of a trial's run")
          .containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
    }
  }

  private JsonNode get(String path) throws Exception {
    return send(
        HttpRequest.newBuilder(
                URI.create(System.getenv("FRACTION_MLFLOW_URI") + "/api/2.0/mlflow/" + path))
            .build());
  }

  private JsonNode post(String path, Object body) throws Exception {
    return send(
        HttpRequest.newBuilder(
                URI.create(System.getenv("FRACTION_MLFLOW_URI") + "/api/2.0/mlflow/" + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build());
  }

  private JsonNode send(HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

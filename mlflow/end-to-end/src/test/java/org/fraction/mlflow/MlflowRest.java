package org.fraction.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a tracking server back through its REST API, as any other client would. */
final class MlflowRest {

  private final String uri;
  private final HttpClient http = HttpClient.newHttpClient();

  MlflowRest(String uri) {
    this.uri = uri;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(uri + "/api/2.0/mlflow/" + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    return Json.MAPPER.readTree(r.body());
  }

  JsonNode post(String path, Object body) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(uri + "/api/2.0/mlflow/" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return Json.MAPPER.readTree(r.body());
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The experiment's id, or null. */
  String experimentId(String name) throws IOException, InterruptedException {
    JsonNode e = get("experiments/get-by-name?experiment_name=" + q(name)).path("experiment");
    return e.isMissingNode() ? null : e.path("experiment_id").asText();
  }

  /** Every active run of the experiment. */
  List<Run> runs(String experimentId) throws IOException, InterruptedException {
    List<Run> out = new ArrayList<>();
    String token = null;
    do {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("experiment_ids", List.of(experimentId));
      body.put("max_results", 1000);
      if (token != null) {
        body.put("page_token", token);
      }
      JsonNode page = post("runs/search", body);
      for (JsonNode r : page.path("runs")) {
        out.add(new Run(r));
      }
      token = page.path("next_page_token").asText(null);
    } while (token != null && !token.isEmpty());
    return out;
  }

  /** A run as the server returns it. */
  record Run(JsonNode json) {
    String id() {
      return json.path("info").path("run_id").asText();
    }

    String name() {
      return json.path("info").path("run_name").asText();
    }

    String status() {
      return json.path("info").path("status").asText();
    }

    Map<String, String> tags() {
      return pairs(json.path("data").path("tags"));
    }

    Map<String, String> params() {
      return pairs(json.path("data").path("params"));
    }

    String tag(String key) {
      return tags().get(key);
    }

    private static Map<String, String> pairs(JsonNode list) {
      Map<String, String> out = new TreeMap<>();
      for (JsonNode p : list) {
        out.put(p.path("key").asText(), p.path("value").asText());
      }
      return out;
    }
  }

  /** A metric's points in step order: step and value. */
  List<double[]> history(String runId, String key) throws IOException, InterruptedException {
    List<double[]> out = new ArrayList<>();
    for (JsonNode m :
        get("metrics/get-history?run_id=" + q(runId) + "&metric_key=" + q(key)).path("metrics")) {
      out.add(new double[] {m.path("step").asLong(), m.path("value").asDouble()});
    }
    out.sort((a, b) -> Double.compare(a[0], b[0]));
    return out;
  }

  /** The files under an artifact directory of the run, by path, with their sizes. */
  Map<String, Long> artifacts(String runId, String path) throws IOException, InterruptedException {
    Map<String, Long> out = new TreeMap<>();
    for (JsonNode f : get("artifacts/list?run_id=" + q(runId) + "&path=" + q(path)).path("files")) {
      out.put(f.path("path").asText(), f.path("file_size").asLong());
    }
    return out;
  }
}

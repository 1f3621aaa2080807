package org.fraction.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.fraction.mlflow.DeliveryException.Kind;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;

/**
 * The calls Fraction makes to an MLflow tracking server: tracking calls through the MLflow Java
 * client, artifact uploads over the server's artifact REST API (the Java client hands artifacts to
 * Python). Every failure becomes a {@link DeliveryException} saying whether to try again.
 */
final class MlflowServer implements TrackingStore {

  /** The server takes at most this many metrics (and 100 params) per batch. */
  private static final int METRICS_PER_BATCH = 1000;

  private static final int PARAMS_PER_BATCH = 100;

  private final String uri;
  private final Credentials credentials;
  private final MlflowClient client;
  private final HttpClient http;

  MlflowServer(String uri, Credentials credentials) {
    this.uri = uri;
    this.credentials = credentials;
    this.client = new MlflowClient(credentials.provider(uri));
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public String uri() {
    return uri;
  }

  private interface Call<T> {
    T call() throws Exception;
  }

  /** Runs a client call, sorting its failures into retry, rejected and gone. */
  private static <T> T call(String what, Call<T> call) throws DeliveryException {
    try {
      return call.call();
    } catch (MlflowHttpException e) {
      throw classify(what, e.getStatusCode(), e.getBodyMessage());
    } catch (MlflowClientException e) {
      throw new DeliveryException(
          Kind.RETRY, what + ": server unreachable (" + rootMessage(e) + ")");
    } catch (RuntimeException e) {
      throw new DeliveryException(Kind.RETRY, what + ": " + rootMessage(e));
    } catch (Exception e) {
      throw new DeliveryException(Kind.RETRY, what + ": " + rootMessage(e));
    }
  }

  static DeliveryException classify(String what, int status, String body) {
    String code = "";
    String message = body == null ? "" : body.strip();
    try {
      JsonNode json = Json.MAPPER.readTree(body);
      code = json.path("error_code").asText("");
      message = json.path("message").asText(message);
    } catch (IOException | RuntimeException e) {
      // not JSON: keep the text
    }
    if (message.length() > 300) {
      message = message.substring(0, 300) + "...";
    }
    String text =
        what
            + ": "
            + status
            + (code.isEmpty() ? "" : " " + code)
            + (message.isEmpty() ? "" : " " + message);
    if (status == 401 || status == 403) {
      return new DeliveryException(
          Kind.RETRY,
          text
              + " (set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and"
              + " MLFLOW_TRACKING_PASSWORD)");
    }
    if (status == 408 || status == 429 || status >= 500) {
      return new DeliveryException(Kind.RETRY, text);
    }
    if (code.equals("RESOURCE_DOES_NOT_EXIST")
        && (what.startsWith("run ")
            || what.startsWith("create run ")
            || what.startsWith("search "))) {
      return new DeliveryException(Kind.GONE, text);
    }
    return new DeliveryException(Kind.REJECTED, text);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public String experiment(String name) throws DeliveryException {
    Optional<Experiment> found = findExperiment(name);
    if (found.isPresent()) {
      if (!"active".equals(found.get().getLifecycleStage())) {
        throw new DeliveryException(
            Kind.RETRY,
            "experiment '"
                + name
                + "' is deleted on the server: restore it "
                + "(mlflow experiments restore --experiment-id "
                + found.get().getExperimentId()
                + ") or name another experiment");
      }
      return found.get().getExperimentId();
    }
    try {
      return call("experiment " + name, () -> client.createExperiment(name));
    } catch (DeliveryException e) {
      // made meanwhile by someone else
      Optional<Experiment> again = findExperiment(name);
      if (again.isPresent()) {
        return again.get().getExperimentId();
      }
      throw e;
    }
  }

  /**
   * The experiment of that name, deleted ones included. A search rather than get-by-name, whose 404
   * for a new name the Java client retries with pauses.
   */
  private Optional<Experiment> findExperiment(String name) throws DeliveryException {
    if (name.indexOf('\'') >= 0 || name.indexOf('\\') >= 0) {
      return call("experiment " + name, () -> client.getExperimentByName(name));
    }
    List<Experiment> found =
        call(
            "experiment " + name,
            () ->
                client
                    .searchExperiments("name = '" + name + "'", ViewType.ALL, 10, List.of())
                    .getItems());
    return found.stream().filter(e -> e.getName().equals(name)).findFirst();
  }

  @Override
  public Optional<String> findRun(String experimentId, Map<String, String> tags)
      throws DeliveryException {
    String filter =
        tags.entrySet().stream()
            .map(e -> "tags.`" + e.getKey() + "` = '" + quote(e.getValue()) + "'")
            .collect(Collectors.joining(" and "));
    List<Run> runs =
        call(
            "search " + filter,
            () ->
                client
                    .searchRuns(
                        List.of(experimentId),
                        filter,
                        ViewType.ACTIVE_ONLY,
                        10,
                        List.of("attributes.start_time ASC"))
                    .getItems());
    return runs.stream().findFirst().map(r -> r.getInfo().getRunId());
  }

  private static String quote(String value) {
    if (value.indexOf('\'') >= 0 || value.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("tag value for a search holds a quote: " + value);
    }
    return value;
  }

  @Override
  public String createRun(
      String experimentId, String name, long startTime, Map<String, String> tags)
      throws DeliveryException {
    CreateRun.Builder request =
        CreateRun.newBuilder()
            .setExperimentId(experimentId)
            .setRunName(name)
            .setStartTime(startTime);
    tags.forEach((k, v) -> request.addTags(RunTag.newBuilder().setKey(k).setValue(v)));
    return call("create run " + name, () -> client.createRun(request.build()).getRunId());
  }

  /** Whether the server still has the run, not deleted. */
  @Override
  public boolean hasRun(String runId) throws DeliveryException {
    try {
      return "active"
          .equals(call("run " + runId, () -> client.getRun(runId)).getInfo().getLifecycleStage());
    } catch (DeliveryException e) {
      if (e.kind() == Kind.GONE) {
        return false;
      }
      throw e;
    }
  }

  /** The run's params as the server has them. */
  @Override
  public Map<String, String> params(String runId) throws DeliveryException {
    Run run = call("run " + runId, () -> client.getRun(runId));
    Map<String, String> out = new LinkedHashMap<>();
    run.getData().getParamsList().forEach(p -> out.put(p.getKey(), p.getValue()));
    return out;
  }

  @Override
  public void logParams(String runId, Map<String, String> params) throws DeliveryException {
    List<Param> all = new ArrayList<>();
    params.forEach((k, v) -> all.add(Param.newBuilder().setKey(k).setValue(v).build()));
    for (int i = 0; i < all.size(); i += PARAMS_PER_BATCH) {
      List<Param> batch = all.subList(i, Math.min(all.size(), i + PARAMS_PER_BATCH));
      call(
          "run " + runId + " params",
          () -> {
            client.logBatch(runId, null, batch, null);
            return null;
          });
    }
  }

  @Override
  public void logMetrics(String runId, List<Op.Point> points) throws DeliveryException {
    List<Metric> all = new ArrayList<>();
    for (Op.Point p : points) {
      all.add(
          Metric.newBuilder()
              .setKey(p.key())
              .setValue(p.value())
              .setStep(p.step())
              .setTimestamp(p.time())
              .build());
    }
    for (int i = 0; i < all.size(); i += METRICS_PER_BATCH) {
      List<Metric> batch = all.subList(i, Math.min(all.size(), i + METRICS_PER_BATCH));
      call(
          "run " + runId + " metrics",
          () -> {
            client.logBatch(runId, batch, null, null);
            return null;
          });
    }
  }

  @Override
  public Set<Long> steps(String runId, String key) throws DeliveryException {
    List<Metric> history =
        call("run " + runId + " history of " + key, () -> client.getMetricHistory(runId, key));
    Set<Long> out = new HashSet<>();
    history.forEach(m -> out.add(m.getStep()));
    return out;
  }

  @Override
  public void setStatus(String runId, String status, long time) throws DeliveryException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", runId);
    body.put("status", status);
    if (!status.equals("RUNNING")) {
      body.put("end_time", time);
    }
    call(
        "run " + runId + " status",
        () -> client.sendPost("runs/update", Json.MAPPER.writeValueAsString(body)));
  }

  @Override
  public String artifactUri(String runId) throws DeliveryException {
    return call("run " + runId, () -> client.getRun(runId).getInfo().getArtifactUri());
  }

  @Override
  public OptionalLong artifactSize(String runId, String directory, String name)
      throws DeliveryException {
    String path = "artifacts/list?run_id=" + encode(runId) + "&path=" + encode(directory);
    String json = call("run " + runId + " artifacts", () -> client.sendGet(path));
    try {
      for (JsonNode f : Json.MAPPER.readTree(json).path("files")) {
        if (f.path("path").asText().equals(directory + "/" + name)
            && !f.path("is_dir").asBoolean()) {
          return OptionalLong.of(f.path("file_size").asLong());
        }
      }
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new DeliveryException(Kind.RETRY, "run " + runId + " artifacts: unreadable reply");
    }
  }

  /**
   * Uploads a file to {@code <artifact uri>/<path>}: through the server's artifact proxy for {@code
   * mlflow-artifacts:} roots, or straight to an http(s) root.
   */
  @Override
  public void upload(String artifactUri, String path, Path file) throws DeliveryException {
    URI target = uploadTarget(artifactUri, path);
    HttpRequest.Builder request;
    try {
      request =
          HttpRequest.newBuilder(target)
              .timeout(Duration.ofMinutes(30))
              .header("Content-Type", "application/octet-stream")
              .PUT(HttpRequest.BodyPublishers.ofFile(file));
    } catch (IOException e) {
      throw new DeliveryException(Kind.REJECTED, "upload " + path + ": " + e.getMessage());
    }
    credentials.authorization().ifPresent(a -> request.header("Authorization", a));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new DeliveryException(
          Kind.RETRY, "upload " + path + ": server unreachable (" + rootMessage(e) + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException(Kind.RETRY, "upload " + path + ": interrupted");
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      DeliveryException e = classify("upload " + path, status, response.body());
      if (status == 404) {
        throw new DeliveryException(
            Kind.REJECTED,
            e.getMessage()
                + " (does the server serve artifacts? "
                + "start it with --serve-artifacts)");
      }
      throw e;
    }
  }

  URI uploadTarget(String artifactUri, String path) throws DeliveryException {
    try {
      URI root = new URI(artifactUri);
      String scheme = root.getScheme();
      if ("mlflow-artifacts".equals(scheme)) {
        URI base =
            root.getAuthority() == null
                ? new URI(uri)
                : new URI(new URI(uri).getScheme() + "://" + root.getAuthority());
        String basePath = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        return new URI(
            base.getScheme(),
            base.getAuthority(),
            basePath + "/api/2.0/mlflow-artifacts/artifacts" + slash(root.getPath()) + "/" + path,
            null,
            null);
      }
      if ("http".equals(scheme) || "https".equals(scheme)) {
        return new URI(
            scheme,
            root.getAuthority(),
            root.getPath().replaceAll("/+$", "") + "/" + path,
            null,
            null);
      }
      throw new DeliveryException(
          Kind.REJECTED,
          "upload "
              + path
              + ": the server keeps this run's artifacts at '"
              + artifactUri
              + "', which only it can write to; start it with --serve-artifacts");
    } catch (URISyntaxException e) {
      throw new DeliveryException(
          Kind.REJECTED, "upload " + path + ": bad artifact URI " + artifactUri);
    }
  }

  private static String slash(String path) {
    String p = path == null ? "" : path.replaceAll("/+$", "");
    return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static long size(Path file) throws DeliveryException {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new DeliveryException(
          Kind.REJECTED, "upload: " + file + " cannot be read: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    client.close();
  }
}

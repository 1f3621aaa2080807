package org.fraction.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials come from the environment, reach the server, and are written nowhere. */
class CredentialsTest {

  @TempDir Path dir;

  /** Runs with stderr (where the log goes) captured; returns what was written there. */
  private static String capturingLog(ThrowingRunnable body) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setErr(original);
    }
    original.print(log.toString(StandardCharsets.UTF_8));
    return log.toString(StandardCharsets.UTF_8);
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static void assertNowhereIn(Path root, String secret) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
            .as(f.toString())
            .doesNotContain(secret);
      }
    }
  }

  @Test
  void aTokenOrPasswordIsSentToTheServerButKeptOutOfFilesLogsAndMessages() throws Exception {
    List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext(
        "/",
        exchange -> {
          authorizations.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    fake.start();
    try {
      String uri = "http://127.0.0.1:" + fake.getAddress().getPort();
      String token = "tok-" + UUID.randomUUID();
      List<String> undelivered = new ArrayList<>();
      String log =
          capturingLog(
              () ->
                  undelivered.addAll(
                      new WorkflowRun(
                              dir.resolve("token"),
                              Map.of("MLFLOW_TRACKING_URI", uri, "MLFLOW_TRACKING_TOKEN", token))
                          .run(
                              WorkflowRun.workflow(
                                  "creds", "tracking: {mlflow: {wait-seconds: 1}}\n"))
                          .undelivered()));
      assertThat(authorizations).contains("Bearer " + token);
      assertThat(undelivered)
          .hasSize(1)
          .allSatisfy(u -> assertThat(u).contains("503").doesNotContain(token));
      assertThat(log).contains("503").doesNotContain(token);
      assertNowhereIn(dir.resolve("token"), token);

      authorizations.clear();
      String password = "pw-" + UUID.randomUUID();
      String log2 =
          capturingLog(
              () ->
                  new WorkflowRun(
                          dir.resolve("password"),
                          Map.of(
                              "MLFLOW_TRACKING_URI",
                              uri,
                              "MLFLOW_TRACKING_USERNAME",
                              "alice",
                              "MLFLOW_TRACKING_PASSWORD",
                              password))
                      .run(
                          WorkflowRun.workflow(
                              "creds", "tracking: {mlflow: {wait-seconds: 1}}\n")));
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(("alice:" + password).getBytes(StandardCharsets.UTF_8));
      assertThat(authorizations).contains(basic);
      assertThat(log2).doesNotContain(password).doesNotContain(basic.substring(6));
      assertNowhereIn(dir.resolve("password"), password);
      assertNowhereIn(dir.resolve("password"), basic.substring(6));
    } finally {
      fake.stop(0);
    }
  }

  @Test
  void aRealServerTakesTheRunAndNoParamOrTagHoldsTheSecret() throws Exception {
    String uri = Servers.shared();
    String token = "tok-" + UUID.randomUUID();
    String name = "creds-" + UUID.randomUUID().toString().substring(0, 8);
    WorkflowRun.Result result =
        new WorkflowRun(dir, Map.of("MLFLOW_TRACKING_URI", uri, "MLFLOW_TRACKING_TOKEN", token))
            .run(WorkflowRun.workflow(name, ""));
    assertThat(result.undelivered()).isEmpty();
    MlflowRest rest = new MlflowRest(uri);
    List<MlflowRest.Run> runs = rest.runs(rest.experimentId(name));
    assertThat(runs).hasSize(2 + 3 + 2);
    for (MlflowRest.Run r : runs) {
      assertThat(r.json().toString()).doesNotContain(token);
    }
    assertNowhereIn(dir, token);
  }

  @Test
  void aUrlWithCredentialsIsRefusedWithoutRepeatingThem() {
    var e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            () -> new MlflowSettings("http://bob:s3cret@127.0.0.1:5000", null, null, null),
            org.fraction.spi.settings.InvalidSetting.class);
    assertThat(e.key()).isEqualTo("uri");
    assertThat(e.getMessage()).contains("MLFLOW_TRACKING_TOKEN").doesNotContain("s3cret");
    var e2 =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            () -> new MlflowSettings("ftp://bob:s3cret@host", null, null, null),
            org.fraction.spi.settings.InvalidSetting.class);
    assertThat(e2.getMessage()).doesNotContain("s3cret").contains("ftp://***@host");
  }
}

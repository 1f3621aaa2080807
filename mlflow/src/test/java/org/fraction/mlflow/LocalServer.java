package org.fraction.mlflow;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An {@code mlflow server} of a test's own, on 127.0.0.1, with a SQLite store and served
 * artifacts in a directory that outlives restarts, so a test can kill it and start it again.
 */
final class LocalServer implements AutoCloseable {

  private final Path command;
  private final Path dir;
  private final int port;
  private Process process;

  LocalServer(Path command, Path dir, int port) {
    this.command = command;
    this.dir = dir;
    this.port = port;
  }

  String uri() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts the server and waits until it answers. */
  void start() throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("artifacts"));
    ProcessBuilder pb = new ProcessBuilder(List.of(command.toString(), "server", "--host", "127.0.0.1",
        "--port", Integer.toString(port), "--workers", "1",
        "--backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
        "--artifacts-destination", dir.resolve("artifacts").toAbsolutePath().toString()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
    process = pb.start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("mlflow server stopped at once; see " + dir.resolve("server.log"));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri() + "/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not yet
      }
      Thread.sleep(250);
    }
    throw new IOException("mlflow server did not answer within 120 s; see " + dir.resolve("server.log"));
  }

  /** Kills the server and its workers at once, as a crash would. */
  void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    List<ProcessHandle> workers = process.descendants().toList();
    workers.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor();
    for (int i = 0; i < 200 && workers.stream().anyMatch(ProcessHandle::isAlive); i++) {
      Thread.sleep(50);
    }
    process = null;
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}

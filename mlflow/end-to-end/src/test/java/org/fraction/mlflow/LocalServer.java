package org.fraction.mlflow;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code mlflow server} of a test's own, on 127.0.0.1, with a SQLite store and served artifacts
 * in a directory that outlives restarts, so a test can kill it and start it again; or one reading a
 * local file store.
 */
final class LocalServer implements AutoCloseable {

  private final Path command;
  private final Path dir;
  private final int port;
  private final Path fileStore;
  private Process process;

  LocalServer(Path command, Path dir, int port) {
    this(command, dir, port, null);
  }

  /** A server reading MLflow's local file store {@code fileStore} (its logs in {@code dir}). */
  static LocalServer onFileStore(Path command, Path dir, int port, Path fileStore) {
    return new LocalServer(command, dir, port, fileStore);
  }

  private LocalServer(Path command, Path dir, int port, Path fileStore) {
    this.command = command;
    this.dir = dir;
    this.port = port;
    this.fileStore = fileStore;
  }

  String uri() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts the server and waits until it answers. */
  void start() throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("artifacts"));
    List<String> store =
        fileStore != null
            ? List.of("--backend-store-uri", "file:" + fileStore.toAbsolutePath())
            : List.of(
                "--backend-store-uri",
                "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
                "--artifacts-destination",
                dir.resolve("artifacts").toAbsolutePath().toString());
    List<String> args =
        new ArrayList<>(
            List.of(
                command.toString(),
                "server",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--workers",
                "1"));
    args.addAll(store);
    ProcessBuilder pb =
        new ProcessBuilder(args)
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
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(uri() + "/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not yet
      }
      Thread.sleep(250);
    }
    throw new IOException(
        "mlflow server did not answer within 120 s; see " + dir.resolve("server.log"));
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

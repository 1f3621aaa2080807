package org.fraction.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on the loopback interface: a Master and a Worker started as processes
 * from the Spark jars of this build. The Worker starts executor JVMs with the given class path (a
 * Spark installation's jars) plus whatever the application ships.
 */
final class LoopbackCluster implements AutoCloseable {

  private final Path dir;
  private final Process master;
  private final Process worker;
  private final String url;

  private LoopbackCluster(Path dir, Process master, Process worker, String url) {
    this.dir = dir;
    this.master = master;
    this.worker = worker;
    this.url = url;
  }

  /**
   * @param classPath the "installation": Spark and the libraries it brings
   * @param jvmOptions options every daemon JVM gets (Spark's --add-opens flags)
   */
  static LoopbackCluster start(
      Path dir,
      String classPath,
      List<String> jvmOptions,
      int cores,
      String memory,
      String scalaVersion)
      throws IOException, InterruptedException {
    Path home = dir.resolve("spark-home");
    Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(dir.resolve("work"));
    Files.createDirectories(dir.resolve("local"));
    Map<String, String> env =
        Map.of(
            "SPARK_HOME",
            home.toString(),
            "SPARK_SCALA_VERSION",
            scalaVersion,
            // How a "Hadoop free" installation adds jars: the Worker puts these on executors' class
            // path.
            "SPARK_DIST_CLASSPATH",
            classPath,
            "SPARK_LOCAL_IP",
            "127.0.0.1",
            "SPARK_LOCAL_DIRS",
            dir.resolve("local").toString());
    int port = freePort();
    String url = "spark://127.0.0.1:" + port;
    Process master =
        daemon(
            dir.resolve("master.log"),
            env,
            classPath,
            jvmOptions,
            "org.apache.spark.deploy.master.Master",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--webui-port",
            Integer.toString(freePort()));
    LoopbackCluster cluster = null;
    try {
      awaitLog(dir.resolve("master.log"), "I have been elected leader", master);
      Process worker =
          daemon(
              dir.resolve("worker.log"),
              env,
              classPath,
              jvmOptions,
              "org.apache.spark.deploy.worker.Worker",
              "--host",
              "127.0.0.1",
              "--cores",
              Integer.toString(cores),
              "--memory",
              memory,
              "--work-dir",
              dir.resolve("work").toString(),
              "--webui-port",
              Integer.toString(freePort()),
              url);
      cluster = new LoopbackCluster(dir, master, worker, url);
      awaitLog(dir.resolve("worker.log"), "Successfully registered with master", worker);
      return cluster;
    } catch (IOException | RuntimeException | InterruptedException | Error e) {
      if (cluster != null) {
        cluster.close();
      } else {
        stop(master);
      }
      throw e;
    }
  }

  String url() {
    return url;
  }

  /** The executor JVM of the given Spark executor id, if the Worker runs it now. */
  Optional<ProcessHandle> executor(String executorId) {
    return worker
        .descendants()
        .filter(
            p -> {
              List<String> args = arguments(p);
              int at = args.indexOf("--executor-id");
              return args.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")
                  && at >= 0
                  && at + 1 < args.size()
                  && args.get(at + 1).equals(executorId);
            })
        .findFirst();
  }

  // ProcessHandle.Info cuts long command lines (the class path comes first); /proc has all of it.
  private static List<String> arguments(ProcessHandle process) {
    try {
      String commandLine =
          new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
              StandardCharsets.UTF_8);
      return List.of(commandLine.split("\u0000"));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The logs of the daemons and of every executor, for a failure message. */
  String logs() throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f :
          (Iterable<Path>)
              files
                      .filter(p -> p.getFileName().toString().matches("stderr|stdout|.*\\.log"))
                      .sorted()
                  ::iterator) {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        sb.append("==== ")
            .append(dir.relativize(f))
            .append('\n')
            .append(text.length() > 6000 ? text.substring(text.length() - 6000) : text)
            .append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws InterruptedException {
    stop(worker);
    stop(master);
  }

  private static void stop(Process process) throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static Process daemon(
      Path log,
      Map<String, String> env,
      String classPath,
      List<String> jvmOptions,
      String mainClass,
      String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  private static void awaitLog(Path log, String line, Process process)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (Files.isRegularFile(log)
          && Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            log.getFileName() + ": the process ended\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        log.getFileName() + ": no '" + line + "' after 90 s\n" + Files.readString(log));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

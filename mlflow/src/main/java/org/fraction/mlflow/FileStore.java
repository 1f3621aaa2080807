package org.fraction.mlflow;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fraction.mlflow.DeliveryException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLflow's local file store, written in place in the layout MLflow's own {@code FileStore} reads
 * (so {@code mlflow ui} or {@code mlflow server --backend-store-uri file:DIR} shows the runs):
 *
 * <pre>
 * ROOT/0/meta.yaml                          the Default experiment, made with a new store
 * ROOT/.trash/                              deleted experiments
 * ROOT/EXP/meta.yaml                        experiment_id, name, artifact_location, lifecycle_stage, times
 * ROOT/EXP/RUN/meta.yaml                    run_id, run_name, status (1 RUNNING ... 5 KILLED), times, artifact_uri
 * ROOT/EXP/RUN/{params,tags}/KEY            the value, no newline
 * ROOT/EXP/RUN/metrics/KEY                  one line per point: "timestamp value step"
 * ROOT/EXP/RUN/artifacts/...                the files
 * </pre>
 *
 * <p>Nothing a reader looks at is ever half written: whole files are moved in at once (their
 * temporary files lie in the run's or experiment's own directory, which readers do not list), a
 * run's {@code meta.yaml} is written last so a run cut short before it is skipped as MLflow skips a
 * malformed run, and metric lines are appended in one write after mending a torn last line.
 */
final class FileStore implements TrackingStore {

  private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);

  /** MLflow's integer codes of run statuses in meta.yaml. */
  private static final Map<String, Integer> STATUS =
      Map.of("RUNNING", 1, "SCHEDULED", 2, "FINISHED", 3, "FAILED", 4, "KILLED", 5);

  /** What every run's meta.yaml holds alike (source_type 4 is MLflow's SourceType.LOCAL). */
  private static final Map<String, Object> RUN_META =
      Map.of(
          "entry_point_name",
          "",
          "lifecycle_stage",
          "active",
          "source_name",
          "",
          "source_type",
          4,
          "source_version",
          "",
          "tags",
          List.of());

  private static final String META = "meta.yaml";
  private static final String TRASH = ".trash";
  private static final String DEFAULT_EXPERIMENT = "0";

  /** Folder names MLflow keeps beside the experiments, and within them beside the runs. */
  private static final Set<String> NOT_EXPERIMENTS = Set.of(TRASH, "models");

  private static final Set<String> NOT_RUNS = Set.of("tags", "datasets", "traces");

  /** Experiment and run ids: one path segment, as MLflow validates them. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][\\w-]{0,255}");

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final Path root;
  private final Map<String, Path> runDirs = new HashMap<>();

  FileStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String uri() {
    return TrackingUri.fileUri(root);
  }

  private interface Io<T> {
    T call() throws IOException;
  }

  /** A failed write or read of the store: the disk may have room or rights again later. */
  private static <T> T io(String what, Io<T> call) throws DeliveryException {
    try {
      return call.call();
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
        message = f.getFile() + ": " + f.getReason();
      }
      throw new DeliveryException(Kind.RETRY, what + ": " + message);
    }
  }

  /**
   * Makes the store as MLflow does on first use: the root with the Default experiment, and .trash.
   */
  private void ensureRoot() throws IOException {
    if (!Files.exists(root)) {
      Files.createDirectories(root);
      writeExperiment(DEFAULT_EXPERIMENT, "Default");
    }
    if (!Files.isDirectory(root)) {
      throw new IOException(root + " is not a directory");
    }
    Files.createDirectories(root.resolve(TRASH));
  }

  // --- experiments

  @Override
  public String experiment(String name) throws DeliveryException {
    return io(
        "experiment " + name,
        () -> {
          ensureRoot();
          synchronized (FileStore.class) {
            try (FileChannel c =
                    FileChannel.open(
                        root.resolve(".fraction.lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock = c.lock()) {
              Optional<String> active = findExperiment(root, name);
              if (active.isPresent()) {
                return active.get();
              }
              Optional<String> deleted = findExperiment(root.resolve(TRASH), name);
              if (deleted.isPresent()) {
                throw new IOException(
                    "experiment '"
                        + name
                        + "' is deleted in "
                        + root
                        + ": restore it "
                        + "(mlflow experiments restore --experiment-id "
                        + deleted.get()
                        + ") or name another experiment");
              }
              String id;
              do {
                id = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE));
              } while (Files.exists(root.resolve(id))
                  || Files.exists(root.resolve(TRASH).resolve(id)));
              writeExperiment(id, name);
              return id;
            }
          }
        });
  }

  private static Optional<String> findExperiment(Path parent, String name) throws IOException {
    for (Path dir : subdirectories(parent)) {
      String id = dir.getFileName().toString();
      if (NOT_EXPERIMENTS.contains(id)) {
        continue;
      }
      Map<String, Object> meta = scannedMeta(dir);
      if (meta != null && name.equals(String.valueOf(meta.get("name")))) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }

  private void writeExperiment(String id, String name) throws IOException {
    Path dir = Files.createDirectories(root.resolve(id));
    long now = System.currentTimeMillis();
    Map<String, Object> meta = new TreeMap<>();
    meta.put("artifact_location", TrackingUri.fileUri(dir));
    meta.put("creation_time", now);
    meta.put("experiment_id", id);
    meta.put("last_update_time", now);
    meta.put("lifecycle_stage", "active");
    meta.put("name", name);
    writeMeta(dir, meta);
  }

  // --- runs

  @Override
  public Optional<String> findRun(String experimentId, Map<String, String> tags)
      throws DeliveryException {
    Path experiment = experimentDir(experimentId);
    return io(
        "search " + tags,
        () -> {
          String best = null;
          long bestStart = Long.MAX_VALUE;
          for (Path dir : subdirectories(experiment)) {
            String id = dir.getFileName().toString();
            if (NOT_RUNS.contains(id) || !ID.matcher(id).matches()) {
              continue;
            }
            Map<String, Object> meta = scannedMeta(dir);
            if (meta == null
                || !"active".equals(meta.get("lifecycle_stage"))
                || !matches(dir.resolve("tags"), tags)) {
              continue;
            }
            long start =
                meta.get("start_time") instanceof Number n ? n.longValue() : Long.MAX_VALUE;
            if (best == null || start < bestStart) {
              best = id;
              bestStart = start;
            }
          }
          return Optional.ofNullable(best);
        });
  }

  private static boolean matches(Path tagDir, Map<String, String> tags) throws IOException {
    for (Map.Entry<String, String> t : tags.entrySet()) {
      Path file = tagDir.resolve(t.getKey());
      if (!Files.isRegularFile(file)
          || !Files.readString(file, StandardCharsets.UTF_8).equals(t.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The experiment's directory; GONE when the store no longer has it (deleted by hand, or moved).
   */
  private Path experimentDir(String experimentId) throws DeliveryException {
    Path dir = ID.matcher(experimentId).matches() ? root.resolve(experimentId) : null;
    if (dir == null || !Files.isRegularFile(dir.resolve(META))) {
      throw new DeliveryException(
          Kind.GONE, "experiment " + experimentId + ": RESOURCE_DOES_NOT_EXIST in " + root);
    }
    return dir;
  }

  @Override
  public String createRun(
      String experimentId, String name, long startTime, Map<String, String> tags)
      throws DeliveryException {
    Path experiment = experimentDir(experimentId);
    return io(
        "create run " + name,
        () -> {
          Map<String, Object> expMeta = readMeta(experiment);
          if (expMeta == null || !"active".equals(expMeta.get("lifecycle_stage"))) {
            throw new IOException("experiment " + experimentId + " is not active in " + root);
          }
          String id = UUID.randomUUID().toString().replace("-", "");
          Path dir = Files.createDirectories(experiment.resolve(id));
          for (String sub : List.of("metrics", "params", "artifacts", "tags")) {
            Files.createDirectories(dir.resolve(sub));
          }
          Map<String, String> all = new LinkedHashMap<>(tags);
          all.put("mlflow.runName", name);
          for (Map.Entry<String, String> t : all.entrySet()) {
            AtomicFiles.write(inside(dir.resolve("tags"), t.getKey()), t.getValue(), dir);
          }
          Map<String, Object> meta = new TreeMap<>(RUN_META);
          meta.put("artifact_uri", TrackingUri.fileUri(dir.resolve("artifacts")));
          meta.put("experiment_id", experimentId);
          meta.put("run_id", id);
          meta.put("run_uuid", id);
          meta.put("run_name", name);
          meta.put("start_time", startTime);
          meta.put("status", STATUS.get("RUNNING"));
          meta.put(
              "user_id",
              tags.getOrDefault("mlflow.user", System.getProperty("user.name", "unknown")));
          meta.put("deleted_time", null);
          meta.put("end_time", null);
          // last: until it is there, MLflow (and findRun) skip the folder as a malformed run
          writeMeta(dir, meta);
          runDirs.put(id, dir);
          return id;
        });
  }

  /** The run's directory; GONE when the store no longer has it. */
  private Path runDir(String runId) throws DeliveryException {
    Path cached = runDirs.get(runId);
    if (cached != null && Files.isRegularFile(cached.resolve(META))) {
      return cached;
    }
    if (ID.matcher(runId).matches()) {
      Path found =
          io(
              "run " + runId,
              () -> {
                for (Path experiment : subdirectories(root)) {
                  Path dir = experiment.resolve(runId);
                  if (!NOT_EXPERIMENTS.contains(experiment.getFileName().toString())
                      && Files.isRegularFile(dir.resolve(META))) {
                    return dir;
                  }
                }
                return null;
              });
      if (found != null) {
        runDirs.put(runId, found);
        return found;
      }
    }
    throw new DeliveryException(Kind.GONE, "run " + runId + ": RESOURCE_DOES_NOT_EXIST in " + root);
  }

  @Override
  public boolean hasRun(String runId) throws DeliveryException {
    try {
      Path dir = runDir(runId);
      return io("run " + runId, () -> "active".equals(readMeta(dir).get("lifecycle_stage")));
    } catch (DeliveryException e) {
      if (e.kind() == Kind.GONE) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void setStatus(String runId, String status, long time) throws DeliveryException {
    Path dir = runDir(runId);
    io(
        "run " + runId + " status",
        () -> {
          Map<String, Object> meta = new TreeMap<>(readMeta(dir));
          meta.put("status", STATUS.get(status));
          meta.put("end_time", status.equals("RUNNING") ? null : time);
          writeMeta(dir, meta);
          return null;
        });
  }

  // --- params and metrics

  @Override
  public Map<String, String> params(String runId) throws DeliveryException {
    Path dir = runDir(runId).resolve("params");
    return io(
        "run " + runId + " params",
        () -> {
          Map<String, String> out = new TreeMap<>();
          if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
              for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(
                    dir.relativize(f).toString().replace('\\', '/'),
                    Files.readString(f, StandardCharsets.UTF_8));
              }
            }
          }
          return out;
        });
  }

  @Override
  public void logParams(String runId, Map<String, String> params) throws DeliveryException {
    Path dir = runDir(runId);
    io(
        "run " + runId + " params",
        () -> {
          for (Map.Entry<String, String> p : params.entrySet()) {
            AtomicFiles.write(inside(dir.resolve("params"), p.getKey()), p.getValue(), dir);
          }
          return null;
        });
  }

  @Override
  public void logMetrics(String runId, List<Op.Point> points) throws DeliveryException {
    Path dir = runDir(runId);
    Map<String, StringBuilder> byKey = new LinkedHashMap<>();
    for (Op.Point p : points) {
      byKey
          .computeIfAbsent(p.key(), k -> new StringBuilder())
          .append(p.time())
          .append(' ')
          .append(p.value())
          .append(' ')
          .append(p.step())
          .append('\n');
    }
    io(
        "run " + runId + " metrics",
        () -> {
          for (Map.Entry<String, StringBuilder> e : byKey.entrySet()) {
            AtomicFiles.appendLines(
                inside(dir.resolve("metrics"), e.getKey()), e.getValue().toString());
          }
          return null;
        });
  }

  @Override
  public Set<Long> steps(String runId, String key) throws DeliveryException {
    Path dir = runDir(runId);
    return io(
        "run " + runId + " history of " + key,
        () -> {
          Path file = inside(dir.resolve("metrics"), key);
          Set<Long> out = new HashSet<>();
          if (!Files.isRegularFile(file)) {
            return out;
          }
          String text = Files.readString(file, StandardCharsets.UTF_8);
          // a last line without its newline was cut short and does not count
          int complete = text.lastIndexOf('\n') + 1;
          for (String line : text.substring(0, complete).split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length == 2) {
              out.add(0L);
            } else if (parts.length == 3 && parts[2].matches("-?[0-9]{1,18}")) {
              out.add(Long.parseLong(parts[2]));
            }
          }
          return out;
        });
  }

  // --- artifacts

  @Override
  public String artifactUri(String runId) throws DeliveryException {
    Path dir = runDir(runId);
    return io("run " + runId, () -> String.valueOf(readMeta(dir).get("artifact_uri")));
  }

  @Override
  public OptionalLong artifactSize(String runId, String directory, String name)
      throws DeliveryException {
    Path artifacts = artifactRoot(artifactUri(runId), directory + "/" + name);
    return io(
        "run " + runId + " artifacts",
        () -> {
          Path file = inside(artifacts, directory + "/" + name);
          return Files.isRegularFile(file)
              ? OptionalLong.of(Files.size(file))
              : OptionalLong.empty();
        });
  }

  @Override
  public void upload(String artifactUri, String path, Path file) throws DeliveryException {
    Path artifacts = artifactRoot(artifactUri, path);
    io(
        "upload " + path,
        () -> {
          Files.createDirectories(artifacts);
          // beside the artifacts, so that a half copy never shows among them
          AtomicFiles.copy(file, inside(artifacts, path), artifacts.getParent());
          return null;
        });
  }

  private static Path artifactRoot(String artifactUri, String path) throws DeliveryException {
    Optional<Path> local = TrackingUri.localPath(artifactUri);
    if (local.isEmpty()) {
      throw new DeliveryException(
          Kind.REJECTED,
          "upload "
              + path
              + ": the run keeps its artifacts at '"
              + artifactUri
              + "', which is not a local folder");
    }
    return local.get();
  }

  // --- files

  /**
   * {@code base/key} for an MLflow key (which may hold '/'), refusing one that would leave {@code
   * base}.
   */
  private static Path inside(Path base, String key) throws IOException {
    Path p = base.resolve(key).normalize();
    if (key.isEmpty() || key.startsWith("/") || !p.startsWith(base) || p.equals(base)) {
      throw new IOException("'" + key + "' is not a valid MLflow key");
    }
    return p;
  }

  private static List<Path> subdirectories(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
      entries.forEach(out::add);
    }
    out.sort(null);
    return out;
  }

  /**
   * A folder's meta.yaml, or null when it has none (a folder that is not MLflow's, or cut short).
   */
  private static Map<String, Object> readMeta(Path dir) throws IOException {
    Path file = dir.resolve(META);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Map<String, Object> meta = YAML.readValue(file.toFile(), MAP);
    return meta == null ? Map.of() : meta;
  }

  /**
   * A meta.yaml met while looking through the store, or null when it cannot be read: one damaged
   * folder (of another tool, or cut short) must not stop tracking into the rest of the store.
   */
  private static Map<String, Object> scannedMeta(Path dir) {
    try {
      return readMeta(dir);
    } catch (IOException e) {
      String reason =
          e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      LOG.warn("mlflow: {} cannot be read, skipped: {}", dir.resolve(META), reason);
      return null;
    }
  }

  private static void writeMeta(Path dir, Map<String, Object> meta) throws IOException {
    AtomicFiles.write(dir.resolve(META), YAML.writeValueAsBytes(meta), dir);
  }

  @Override
  public void close() {
    runDirs.clear();
  }
}

package org.fraction.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fraction.mlflow.DeliveryException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files {@link FileStore} writes, against the layout of MLflow's own file store. */
class FileStoreTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path dir;

  private static JsonNode meta(Path folder) throws Exception {
    return YAML.readTree(folder.resolve("meta.yaml").toFile());
  }

  private static String read(Path file) throws Exception {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private record OneRun(Path root, FileStore store, String experiment, String run) {
    Path experimentDir() {
      return root.resolve(experiment);
    }
  }

  /**
   * A store with experiment {@code e} and in it run {@code r}, tagged {@code fraction.run=trial}.
   */
  private OneRun oneRun() throws Exception {
    Path root = dir.resolve("mlruns");
    FileStore store = new FileStore(root);
    String exp = store.experiment("e");
    return new OneRun(
        root, store, exp, store.createRun(exp, "r", 1, Map.of("fraction.run", "trial")));
  }

  @Test
  void aNewStoreHasTheDefaultExperimentAndEachExperimentItsMeta() throws Exception {
    Path root = dir.resolve("mlruns");
    FileStore store = new FileStore(root);
    String id = store.experiment("lenet sweep");

    assertThat(meta(root.resolve("0")).path("name").asText()).isEqualTo("Default");
    assertThat(meta(root.resolve("0")).path("experiment_id").asText()).isEqualTo("0");
    assertThat(root.resolve(".trash")).isDirectory();
    JsonNode exp = meta(root.resolve(id));
    assertThat(exp.path("experiment_id").isTextual()).as("experiment_id is a string").isTrue();
    assertThat(exp.path("experiment_id").asText()).isEqualTo(id).matches("[0-9]+");
    assertThat(exp.path("name").asText()).isEqualTo("lenet sweep");
    assertThat(exp.path("lifecycle_stage").asText()).isEqualTo("active");
    assertThat(exp.path("artifact_location").asText())
        .isEqualTo(root.resolve(id).toUri().toString().replaceAll("/$", ""));
    assertThat(exp.path("creation_time").asLong()).isPositive();
    assertThat(store.experiment("lenet sweep")).isEqualTo(id);
    assertThat(new FileStore(root).experiment("lenet sweep"))
        .as("found again by a new store")
        .isEqualTo(id);
    assertThat(store.uri()).isEqualTo("file://" + root);
  }

  @Test
  void aRunIsItsMetaTagsParamsMetricLinesAndArtifacts() throws Exception {
    Path root = dir.resolve("mlruns");
    FileStore store = new FileStore(root);
    String exp = store.experiment("e");
    String parent =
        store.createRun(exp, "trial", 1000, Map.of("fraction.run", "trial", "mlflow.user", "ada"));
    String child =
        store.createRun(
            exp, "round-1", 1500, Map.of("fraction.run", "round-1", "mlflow.parentRunId", parent));
    Path run = root.resolve(exp).resolve(child);

    JsonNode meta = meta(run);
    assertThat(child).matches("[0-9a-f]{32}");
    assertThat(meta.path("run_id").asText()).isEqualTo(child);
    assertThat(meta.path("run_uuid").asText()).isEqualTo(child);
    assertThat(meta.path("run_name").asText()).isEqualTo("round-1");
    assertThat(meta.path("experiment_id").asText()).isEqualTo(exp);
    assertThat(meta.path("status").asInt()).as("RUNNING").isEqualTo(1);
    assertThat(meta.path("start_time").asLong()).isEqualTo(1500);
    assertThat(meta.path("end_time").isNull()).isTrue();
    assertThat(meta.path("source_type").asInt()).isEqualTo(4);
    assertThat(meta.path("lifecycle_stage").asText()).isEqualTo("active");
    assertThat(meta.path("artifact_uri").asText())
        .isEqualTo(run.resolve("artifacts").toUri().toString().replaceAll("/$", ""));
    assertThat(meta(root.resolve(exp).resolve(parent)).path("user_id").asText()).isEqualTo("ada");
    assertThat(read(run.resolve("tags/mlflow.parentRunId"))).isEqualTo(parent);
    assertThat(read(run.resolve("tags/mlflow.runName"))).isEqualTo("round-1");

    store.logParams(parent, Map.of("model.hidden", "8", "training.lr", "0.05"));
    assertThat(read(root.resolve(exp).resolve(parent).resolve("params/model.hidden")))
        .isEqualTo("8");
    assertThat(store.params(parent)).isEqualTo(Map.of("model.hidden", "8", "training.lr", "0.05"));

    store.logMetrics(
        child,
        List.of(
            new Op.Point("train_loss", 0.5, 0, 2000),
            new Op.Point("train_loss", 1e-9, 1, 2100),
            new Op.Point("test_accuracy", 0.25, 0, 2000)));
    assertThat(Files.readAllLines(run.resolve("metrics/train_loss")))
        .containsExactly("2000 0.5 0", "2100 1.0E-9 1");
    assertThat(store.steps(child, "train_loss")).isEqualTo(Set.of(0L, 1L));
    assertThat(store.steps(child, "learning_rate")).isEmpty();

    store.setStatus(child, "FINISHED", 3000);
    assertThat(meta(run).path("status").asInt()).isEqualTo(3);
    assertThat(meta(run).path("end_time").asLong()).isEqualTo(3000);
    store.setStatus(child, "RUNNING", 3100);
    assertThat(meta(run).path("end_time").isNull()).isTrue();
    store.setStatus(child, "KILLED", 3200);
    assertThat(meta(run).path("status").asInt()).isEqualTo(5);

    Path file = Files.write(dir.resolve("round-1.h5"), new byte[] {1, 2, 3, 4, 5});
    store.upload(store.artifactUri(parent), "rounds/round-1.h5", file);
    Path uploaded = root.resolve(exp).resolve(parent).resolve("artifacts/rounds/round-1.h5");
    assertThat(Files.readAllBytes(uploaded)).containsExactly(1, 2, 3, 4, 5);
    assertThat(store.artifactSize(parent, "rounds", "round-1.h5")).hasValue(5);
    assertThat(store.artifactSize(parent, "rounds", "round-2.h5")).isEmpty();
    try (var files = Files.list(root.resolve(exp).resolve(parent))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .as("no temporary file left")
          .containsExactly("artifacts", "meta.yaml", "metrics", "params", "tags");
    }

    assertThat(store.findRun(exp, Map.of("fraction.run", "round-1", "mlflow.parentRunId", parent)))
        .contains(child);
    assertThat(store.findRun(exp, Map.of("fraction.run", "round-2"))).isEmpty();
  }

  @Test
  void aMetricLineCutShortByACrashIsMendedAndNeverCounted() throws Exception {
    OneRun one = oneRun();
    FileStore store = one.store();
    String run = one.run();
    store.logMetrics(run, List.of(new Op.Point("loss", 2.0, 0, 10)));
    Path file = one.experimentDir().resolve(run).resolve("metrics/loss");
    Files.writeString(file, "11 1.", StandardOpenOption.APPEND);

    assertThat(store.steps(run, "loss")).containsExactly(0L);
    store.logMetrics(run, List.of(new Op.Point("loss", 1.5, 1, 12)));
    assertThat(Files.readAllLines(file)).containsExactly("10 2.0 0", "12 1.5 1");
  }

  @Test
  void aRunFolderWithoutItsMetaIsNotARunAndARemovedRunIsGone() throws Exception {
    OneRun one = oneRun();
    FileStore store = one.store();
    Path half =
        Files.createDirectories(
            one.experimentDir().resolve("0123456789abcdef0123456789abcdef/tags"));
    Files.writeString(half.resolve("fraction.run"), "trial");

    assertThat(store.findRun(one.experiment(), Map.of("fraction.run", "trial")))
        .contains(one.run());
    assertThat(store.hasRun(one.run())).isTrue();
    Files.delete(one.experimentDir().resolve(one.run()).resolve("meta.yaml"));
    assertThat(store.hasRun(one.run())).isFalse();
    assertThatThrownBy(() -> store.logMetrics(one.run(), List.of(new Op.Point("loss", 1, 0, 1))))
        .isInstanceOfSatisfying(
            DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.GONE));
    assertThat(store.hasRun("../../etc")).as("not a run id").isFalse();
  }

  @Test
  void aDamagedFolderOfTheStoreIsSkippedNotABlockToTheRest() throws Exception {
    OneRun one = oneRun();
    Path root = one.root();
    Files.createDirectories(root.resolve("123"));
    Files.writeString(root.resolve("123/meta.yaml"), "name: [unclosed");
    Path other =
        Files.createDirectories(one.experimentDir().resolve("fedcba9876543210fedcba9876543210"));
    Files.writeString(other.resolve("meta.yaml"), "run_id: {");

    FileStore again = new FileStore(root);
    assertThat(again.experiment("e")).isEqualTo(one.experiment());
    assertThat(again.findRun(one.experiment(), Map.of("fraction.run", "trial")))
        .contains(one.run());
    String f = again.experiment("f");
    assertThat(meta(root.resolve(f)).path("name").asText()).isEqualTo("f");
  }

  @Test
  void anExperimentDeletedInTheStoreIsNamedWithHowToRestoreIt() throws Exception {
    Path root = dir.resolve("mlruns");
    FileStore store = new FileStore(root);
    String exp = store.experiment("gone");
    Path meta = root.resolve(exp).resolve("meta.yaml");
    Files.writeString(meta, read(meta).replace("active", "deleted"));
    Files.move(root.resolve(exp), root.resolve(".trash").resolve(exp));

    assertThatThrownBy(() -> new FileStore(root).experiment("gone"))
        .isInstanceOfSatisfying(
            DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.RETRY))
        .hasMessageContaining("experiment 'gone' is deleted")
        .hasMessageContaining("mlflow experiments restore --experiment-id " + exp);
  }

  @Test
  void aRootThatIsAFileIsNamed() throws Exception {
    Path root = Files.writeString(dir.resolve("mlruns"), "not a folder");
    assertThatThrownBy(() -> new FileStore(root).experiment("e"))
        .isInstanceOfSatisfying(
            DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.RETRY))
        .hasMessageContaining(root + " is not a directory");
  }
}

package org.fraction.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.StabilityFiles;
import org.fraction.engine.store.StabilityResult;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.H5py;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.spi.store.RoundFileSchema;
import org.fraction.spi.store.StabilityFileSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round and stability files the engine writes hold exactly what {@link RoundFileSchema} and
 * {@link StabilityFileSchema} list, with the types they document, as h5py (what researchers read
 * them with) sees them.
 */
class RoundFileSchemaTest {

  /** Prints, as JSON, every root attribute's type and every dataset's dtype and shape. */
  private static final String H5PY_LISTING =
      """
      import sys, json, h5py, numpy as np
      f = h5py.File(sys.argv[1], "r")
      def kind(v):
          if isinstance(v, (str, bytes)):
              return "string"
          a = np.asarray(v)
          return a.dtype.name if a.shape == () else a.dtype.name + str(list(a.shape))
      datasets = {}
      f.visititems(lambda n, o: datasets.__setitem__("/" + n, [o.dtype.name, list(o.shape)])
                   if isinstance(o, h5py.Dataset) else None)
      print(json.dumps({"attributes": {k: kind(v) for k, v in f.attrs.items()},
                        "groups": sorted(k for k, v in f.items() if isinstance(v, h5py.Group)),
                        "datasets": datasets}))
      """;

  @TempDir static Path dir;

  private static TrialDirectory ticket;

  @BeforeAll
  static void runATicketOfTwoRounds() throws IOException {
    Path file = dir.resolve("schema.yaml");
    Files.writeString(
        file,
        """
        name: schema
        seed: 3
        dataset: {type: synthetic}
        model: {type: tiny-mlp, hidden: 8}
        training: {epochs: 2, batch-size: 32, optimizer: {type: momentum}}
        pruning: {type: smallest-first, keep: 0.5, rounds: 1, rewind: init}
        """);
    Plugins plugins =
        Plugins.of(List.of(new TestPlugin()), RoundFileSchemaTest.class.getClassLoader());
    Trial trial = new WorkflowLoader(plugins).load(file, List.of()).trials().get(0);
    RunStore store = new RunStore(dir.resolve("runs"));
    new TrialRunner.Factory(Clock.systemUTC())
        .create(trial, store, new DataCache(m -> {}), new TrialObserver() {})
        .run();
    ticket = store.trial("schema", trial.id());
  }

  @Test
  void roundZeroHoldsEveryListedAttributeWithItsTypeAndNothingElse() throws Exception {
    JsonNode listing = h5py(ticket.roundFile(0));

    assertThat(attributes(listing)).isEqualTo(new TreeMap<>(RoundFileSchema.ROUND_ATTRIBUTES));
    assertThat(strings(listing.get("groups")))
        .containsExactlyInAnyOrderElementsOf(RoundFileSchema.ROUND_GROUPS);
  }

  @Test
  void laterRoundsHaveNoRewindGroupAndTheSameAttributes() throws Exception {
    JsonNode listing = h5py(ticket.roundFile(1));

    assertThat(attributes(listing)).isEqualTo(new TreeMap<>(RoundFileSchema.ROUND_ATTRIBUTES));
    List<String> groups = new ArrayList<>(RoundFileSchema.ROUND_GROUPS);
    groups.remove(RoundFileSchema.REWIND);
    assertThat(strings(listing.get("groups"))).containsExactlyInAnyOrderElementsOf(groups);
  }

  @Test
  void datasetsHaveTheDocumentedTypesAndShapes() throws Exception {
    JsonNode listing = h5py(ticket.roundFile(0));
    Map<String, String> byGroup = new TreeMap<>();
    Map<String, JsonNode> weights = new LinkedHashMap<>();
    Map<String, JsonNode> masks = new LinkedHashMap<>();
    List<String> metrics = new ArrayList<>();
    listing
        .get("datasets")
        .fields()
        .forEachRemaining(
            d -> {
              String[] parts = d.getKey().substring(1).split("/");
              String dtype = d.getValue().get(0).asText();
              byGroup.merge(parts[0] + ":" + dtype, d.getKey(), (a, b) -> a);
              if (parts[0].equals(RoundFileSchema.WEIGHTS)) {
                weights.put(parts[1] + "/" + parts[2], d.getValue().get(1));
              } else if (parts[0].equals(RoundFileSchema.MASKS)) {
                masks.put(parts[1] + "/" + parts[2], d.getValue().get(1));
              } else if (parts[0].equals(RoundFileSchema.METRICS_GROUP)) {
                metrics.add(parts[1]);
                assertThat(d.getValue().get(1).get(0).asInt())
                    .as(d.getKey())
                    .isEqualTo(2); // one value per epoch
              }
            });

    assertThat(byGroup.keySet())
        .containsExactlyInAnyOrder(
            RoundFileSchema.WEIGHTS + ":float32",
            RoundFileSchema.MASKS + ":int8",
            RoundFileSchema.REWIND + ":float32",
            RoundFileSchema.METRICS_GROUP + ":float64");
    assertThat(metrics).containsExactlyInAnyOrderElementsOf(RoundFileSchema.METRICS);
    assertThat(masks).isNotEmpty();
    masks.forEach((tensor, shape) -> assertThat(shape).as(tensor).isEqualTo(weights.get(tensor)));
  }

  @Test
  void stabilityFilesHoldExactlyTheirSchema() throws Exception {
    Path file = dir.resolve("stability-round-1-init.h5");
    StabilityFiles.write(
        file,
        StabilityResult.of(
            "t",
            1,
            "init",
            true,
            false,
            new long[] {7, 8},
            2,
            new double[] {0, 0.5, 1},
            new double[] {0.9, 0.7, 0.9},
            new double[] {0.3, 0.8, 0.3}));

    JsonNode listing = h5py(file);

    assertThat(attributes(listing)).isEqualTo(new TreeMap<>(StabilityFileSchema.ATTRIBUTES));
    Map<String, String> datasets = new TreeMap<>();
    listing
        .get("datasets")
        .fields()
        .forEachRemaining(
            d -> datasets.put(d.getKey(), d.getValue().get(0).asText() + d.getValue().get(1)));
    Map<String, String> expected = new TreeMap<>();
    StabilityFileSchema.PATH_DATASETS.forEach(
        name -> expected.put(RoundFileSchema.path(StabilityFileSchema.PATH, name), "float64[3]"));
    assertThat(datasets).isEqualTo(expected);
  }

  private static Map<String, String> attributes(JsonNode listing) {
    Map<String, String> out = new TreeMap<>();
    listing
        .get("attributes")
        .fields()
        .forEachRemaining(a -> out.put(a.getKey(), a.getValue().asText()));
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonNode h5py(Path file) throws IOException, InterruptedException {
    return H5py.json(H5PY_LISTING, file);
  }
}

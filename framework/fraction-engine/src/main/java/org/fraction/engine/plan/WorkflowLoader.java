package org.fraction.engine.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.engine.workflow.Configured;
import org.fraction.engine.workflow.EnvSubstitution;
import org.fraction.engine.workflow.Keys;
import org.fraction.engine.workflow.Matrix;
import org.fraction.engine.workflow.NoKeys;
import org.fraction.engine.workflow.Node;
import org.fraction.engine.workflow.Node.MapNode;
import org.fraction.engine.workflow.Overrides;
import org.fraction.engine.workflow.Position;
import org.fraction.engine.workflow.Problems;
import org.fraction.engine.workflow.SettingsBinder;
import org.fraction.engine.workflow.SettingsMaps;
import org.fraction.engine.workflow.TypeCatalog;
import org.fraction.engine.workflow.YamlTree;
import org.fraction.spi.Kind;
import org.fraction.spi.settings.FromEnvironment;
import org.fraction.spi.tracking.Tracker;

/**
 * Reads a workflow file into trials: environment substitution, {@code --set} overrides, matrix
 * expansion, then strict binding of every cell. All problems of the file are collected and thrown
 * together as one {@link org.fraction.engine.workflow.WorkflowException}.
 */
public final class WorkflowLoader {

  private static final ObjectMapper CANONICAL_JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private final TypeCatalog catalog;
  private final SettingsBinder binder;
  private final EnvSubstitution env;
  private final Function<String, String> environment;
  private final long maxTrials;

  /**
   * @param maxTrials the most trials a workflow's matrix may make ({@link
   *     Matrix#DEFAULT_MAX_TRIALS} unless asked)
   */
  public WorkflowLoader(TypeCatalog catalog, Function<String, String> environment, long maxTrials) {
    this.catalog = catalog;
    this.binder = new SettingsBinder(catalog);
    this.env = new EnvSubstitution(environment);
    this.environment = environment;
    this.maxTrials = maxTrials;
  }

  public WorkflowLoader(TypeCatalog catalog, Function<String, String> environment) {
    this(catalog, environment, Matrix.DEFAULT_MAX_TRIALS);
  }

  public WorkflowLoader(TypeCatalog catalog, long maxTrials) {
    this(catalog, System::getenv, maxTrials);
  }

  public WorkflowLoader(TypeCatalog catalog) {
    this(catalog, System::getenv);
  }

  /**
   * Makes the process's loaders: over the plugins' types and the process's environment, each with
   * its own limit on the trials a matrix may make (the command line's {@code --max-trials}).
   */
  public interface Factory {

    WorkflowLoader create(long maxTrials);

    /** A loader with the default limit, {@link Matrix#DEFAULT_MAX_TRIALS}. */
    default WorkflowLoader create() {
      return create(Matrix.DEFAULT_MAX_TRIALS);
    }
  }

  /** Loads a workflow file with overrides ({@code key=value}) applied. */
  public WorkflowPlan load(Path file, List<String> overrides) {
    MapNode root = YamlTree.read(file);
    return load(root, file, overrides, true);
  }

  /** Loads a resolved trial document, as written by {@link Trial#document()}. */
  public Trial loadTrial(String document, String source) {
    WorkflowPlan plan =
        load(YamlTree.parseDocument(document, source), Path.of(source), List.of(), false);
    if (plan.trials().size() != 1) {
      throw new IllegalArgumentException(
          source + " holds " + plan.trials().size() + " trials, not one");
    }
    return plan.trials().get(0);
  }

  /**
   * @param checkBatches whether batch sizes are checked against this JVM (not for stored trials)
   */
  private WorkflowPlan load(MapNode root, Path file, List<String> overrides, boolean checkBatches) {
    Problems problems = new Problems();
    MapNode tree = (MapNode) env.apply(root, "", problems);
    Overrides.apply(tree, overrides, problems);
    List<Matrix.Cell> cells = Matrix.expand(tree, maxTrials, problems);
    List<Trial> trials = new ArrayList<>();
    Map<String, Map<String, String>> seen = new HashMap<>();
    for (Matrix.Cell cell : cells) {
      Trial trial = bindCell(cell, problems);
      if (trial == null) {
        continue;
      }
      if (checkBatches) {
        BatchSizeCheck.check(
            trial.settings(),
            valuePosition(cell.tree(), "training", "batch-size"),
            Runtime.getRuntime().maxMemory(),
            problems);
      }
      Map<String, String> previous = seen.putIfAbsent(trial.id(), trial.choices());
      if (previous != null) {
        Node matrix = root.get("matrix");
        problems.add(
            matrix == null ? root.position() : matrix.position(),
            "matrix",
            "two matrix cells give the same trial (" + previous + " and " + trial.choices() + ")");
        continue;
      }
      trials.add(trial);
    }
    problems.throwIfAny();
    return new WorkflowPlan(trials.get(0).name(), file, trials);
  }

  private static Position valuePosition(MapNode tree, String block, String key) {
    return tree.get(block) instanceof MapNode m && m.get(key) != null
        ? m.get(key).position()
        : tree.position();
  }

  private Trial bindCell(Matrix.Cell cell, Problems problems) {
    MapNode tree = cell.tree();
    Node tracking = tree.remove("tracking");
    WorkflowSettings settings = binder.bind(tree, WorkflowSettings.class, "", problems);
    List<Configured<NoKeys, Tracker>> trackers = bindTrackers(tracking, problems);
    if (settings == null || trackers == null) {
      return null;
    }
    Map<String, String> choices = new LinkedHashMap<>();
    cell.choices().forEach((k, v) -> choices.put(k, v.toString()));
    return new Trial(trialId(settings), settings, trackers, choices, document(settings, trackers));
  }

  private List<Configured<NoKeys, Tracker>> bindTrackers(Node tracking, Problems problems) {
    List<Configured<NoKeys, Tracker>> out = new ArrayList<>();
    if (tracking == null) {
      tracking = trackersFromEnvironment();
    }
    if (tracking instanceof Node.ScalarNode s && s.isNull()) {
      return out;
    }
    if (!(tracking instanceof MapNode map)) {
      problems.add(
          tracking.position(),
          "tracking",
          "must map tracker names to their settings, e.g. mlflow: {experiment: x}");
      return null;
    }
    boolean ok = true;
    for (Map.Entry<String, MapNode.Entry> e : map.entries().entrySet()) {
      Node block = e.getValue().value();
      MapNode withType = new MapNode(block.position());
      withType.put(
          "type",
          e.getValue().keyPosition(),
          new Node.ScalarNode(e.getKey(), false, e.getValue().keyPosition()));
      if (block instanceof MapNode m) {
        m.entries().forEach((k, v) -> withType.put(k, v.keyPosition(), v.value()));
      } else if (!(block instanceof Node.ScalarNode s && s.isNull())) {
        problems.add(
            block.position(),
            "tracking." + e.getKey(),
            "must be a mapping of the tracker's settings");
        ok = false;
        continue;
      }
      fillFromEnvironment(e.getKey(), withType);
      Configured<NoKeys, Tracker> c =
          binder.bindPlugin(
              withType, "tracking." + e.getKey(), Kind.TRACKER, NoKeys.class, problems);
      ok &= c != null;
      out.add(c);
    }
    return ok ? out : null;
  }

  /** One empty block per tracker type that a set {@link FromEnvironment} variable switches on. */
  private MapNode trackersFromEnvironment() {
    MapNode blocks = new MapNode(new Position("<environment>", 0, 0));
    for (String name : catalog.names(Kind.TRACKER)) {
      for (RecordComponent c : environmentKeys(name)) {
        String variable = c.getAnnotation(FromEnvironment.class).value();
        if (variableSet(variable)) {
          Position at = new Position("$" + variable, 0, 0);
          blocks.put(name, at, new MapNode(at));
          break;
        }
      }
    }
    return blocks;
  }

  /** Puts the value of each set {@link FromEnvironment} variable under its key, unless written. */
  private void fillFromEnvironment(String trackerType, MapNode block) {
    for (RecordComponent c : environmentKeys(trackerType)) {
      String key = Keys.kebab(c.getName());
      String variable = c.getAnnotation(FromEnvironment.class).value();
      if (block.get(key) == null && variableSet(variable)) {
        Position at = new Position("$" + variable, 0, 0);
        block.put(key, at, new Node.ScalarNode(environment.apply(variable), true, at));
      }
    }
  }

  private List<RecordComponent> environmentKeys(String trackerType) {
    return catalog
        .find(Kind.TRACKER, trackerType)
        .map(
            t ->
                Arrays.stream(t.settings().getRecordComponents())
                    .filter(c -> c.isAnnotationPresent(FromEnvironment.class))
                    .toList())
        .orElse(List.of());
  }

  private boolean variableSet(String variable) {
    String value = environment.apply(variable);
    return value != null && !value.isBlank();
  }

  /** The first 8 hex digits of SHA-256 over the canonical JSON of the non-default settings. */
  static String trialId(WorkflowSettings settings) {
    @SuppressWarnings("unchecked")
    Map<String, Object> identity =
        new LinkedHashMap<>((Map<String, Object>) SettingsMaps.nonDefault(settings));
    identity.remove("name");
    identity.remove("description");
    try {
      byte[] json = CANONICAL_JSON.writeValueAsBytes(identity);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The trial's settings in full as a workflow document that binds back to the same trial. */
  static String document(WorkflowSettings settings, List<Configured<NoKeys, Tracker>> trackers) {
    @SuppressWarnings("unchecked")
    Map<String, Object> doc =
        new LinkedHashMap<>((Map<String, Object>) SettingsMaps.describe(settings));
    if (!trackers.isEmpty()) {
      Map<String, Object> tracking = new LinkedHashMap<>();
      for (Configured<NoKeys, Tracker> t : trackers) {
        @SuppressWarnings("unchecked")
        Map<String, Object> block =
            new LinkedHashMap<>((Map<String, Object>) SettingsMaps.describe(t));
        block.remove("type");
        tracking.put(t.typeName(), block);
      }
      doc.put("tracking", tracking);
    }
    try {
      return YAML.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

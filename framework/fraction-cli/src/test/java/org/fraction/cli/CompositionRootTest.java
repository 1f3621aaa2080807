package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fraction.engine.executor.TrialExecutorProvider;
import org.fraction.engine.inject.Composition;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.LoadedPlugins;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.RunStores;
import org.fraction.engine.workflow.Matrix;
import org.fraction.engine.workflow.TypeCatalog;
import org.fraction.spi.Kind;
import org.fraction.spi.Kinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's composition root: every shipped module in one injector, and fakes in it. */
class CompositionRootTest {

  @TempDir Path dir;

  @Test
  void theInjectorBuildsWithEveryShippedModule() {
    Injector injector =
        Composition.create(
            LoadedPlugins.load(List.of()), List.of(new CliModule(System.out)), List.of());
    assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<Command>>() {})))
        .extracting(Command::name)
        .containsExactly(
            "run",
            "validate",
            "plan",
            "results",
            "report",
            "export",
            "predict",
            "models",
            "plugins",
            "data",
            "stability");
    assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<TrialExecutorProvider>>() {})))
        .extracting(TrialExecutorProvider::name)
        .as("spark joins only where its module is on the class path")
        .containsExactly("local");
    Plugins plugins = injector.getInstance(Plugins.class);
    assertThat(plugins.modules())
        .extracting(m -> m.pluginName())
        .contains("models", "datasets", "pruning", "optimizers", "mlflow");
    assertThat(plugins.names(Kinds.MODEL)).contains("lenet-300-100", "resnet-18");
    assertThat(plugins.names(Kind.DATASET)).contains("mnist", "fashion-mnist", "synthetic");
    assertThat(plugins.names(Kinds.PRUNING)).contains("global-magnitude", "random");
    assertThat(plugins.names(Kind.TRACKER)).contains("mlflow");
  }

  /** Opens the store it is asked for one directory further down, and notes the request. */
  static final class RedirectingStores implements RunStores {
    final List<Path> asked = new ArrayList<>();

    @Override
    public RunStore open(Path root) {
      asked.add(root);
      return new RunStore(root.resolve("redirected"));
    }
  }

  @Test
  void aRunUsesTheRunStoreAModuleOverrideSwapsIn() throws Exception {
    Path workflow = dir.resolve("w.yaml");
    Files.writeString(
        workflow,
        """
        name: swapped
        seed: 4
        dataset: {type: synthetic, height: 8, width: 8, classes: 4, train: 128, test: 64}
        model: {type: tiny-mlp, hidden: 8}
        training: {epochs: 1, batch-size: 32, optimizer: {type: momentum}}
        """);
    RedirectingStores stores = new RedirectingStores();
    Module fake =
        new AbstractModule() {
          @Override
          protected void configure() {
            bind(RunStores.class).toInstance(stores);
          }
        };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          new Cli(o, e, List.of(fake))
              .run("run", workflow.toString(), "--out", dir.resolve("runs").toString());
    }
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(stores.asked).containsExactly(dir.resolve("runs"));
    Path swapped = dir.resolve("runs").resolve("redirected").resolve("swapped");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("1 trial -> " + swapped);
    try (var trials = Files.list(swapped)) {
      assertThat(trials.toList())
          .singleElement()
          .satisfies(t -> assertThat(t.resolve("round-0.h5")).isRegularFile());
    }
    assertThat(dir.resolve("runs").resolve("swapped")).doesNotExist();
  }

  /** Notes the limit each loader is made with, and makes the loader the engine would. */
  static final class RecordingLoaders implements WorkflowLoader.Factory {
    final List<Long> asked = new ArrayList<>();
    private TypeCatalog catalog;

    @Inject
    void catalog(TypeCatalog catalog) {
      this.catalog = catalog;
    }

    @Override
    public WorkflowLoader create(long maxTrials) {
      asked.add(maxTrials);
      return new WorkflowLoader(catalog, maxTrials);
    }
  }

  @Test
  void commandsTakeTheirWorkflowLoadersFromTheInjector() throws Exception {
    Path workflow = dir.resolve("four.yaml");
    Files.writeString(
        workflow,
        """
        name: four
        seed: 4
        dataset: {type: synthetic, height: 8, width: 8, classes: 4, train: 128, test: 64}
        model: {type: tiny-mlp, hidden: 8}
        training: {epochs: 1, batch-size: 32, optimizer: {type: momentum}}
        matrix: {seed: [1, 2, 3, 4]}
        """);
    RecordingLoaders loaders = new RecordingLoaders();
    Module fake =
        new AbstractModule() {
          @Override
          protected void configure() {
            bind(WorkflowLoader.Factory.class).toInstance(loaders);
          }
        };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int limited;
    int planned;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      limited =
          new Cli(o, e, List.of(fake)).run("validate", workflow.toString(), "--max-trials", "3");
      planned = new Cli(o, e, List.of(fake)).run("plan", workflow.toString());
    }
    assertThat(loaders.asked).containsExactly(3L, (long) Matrix.DEFAULT_MAX_TRIALS);
    assertThat(limited).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("makes 4 trials, more than the limit of 3");
    assertThat(planned).as(err.toString(StandardCharsets.UTF_8)).isZero();
  }
}

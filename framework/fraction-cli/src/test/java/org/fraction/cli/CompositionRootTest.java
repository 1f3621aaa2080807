package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import jakarta.inject.Inject;
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
import org.fraction.spi.tracking.StoredRuns;
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
    Path workflow = workflow("swapped", "");
    RedirectingStores stores = new RedirectingStores();
    Module fake = binder -> binder.bind(RunStores.class).toInstance(stores);
    CliRun run =
        CliRun.with(
            List.of(fake), "run", workflow.toString(), "--out", dir.resolve("runs").toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(stores.asked).containsExactly(dir.resolve("runs"));
    Path swapped = dir.resolve("runs").resolve("redirected").resolve("swapped");
    assertThat(run.out()).contains("1 trial -> " + swapped);
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
    Path workflow = workflow("four", "matrix: {seed: [1, 2, 3, 4]}");
    RecordingLoaders loaders = new RecordingLoaders();
    Module fake = binder -> binder.bind(WorkflowLoader.Factory.class).toInstance(loaders);
    CliRun limited =
        CliRun.with(List.of(fake), "validate", workflow.toString(), "--max-trials", "3");
    CliRun planned = CliRun.with(List.of(fake), "plan", workflow.toString());
    assertThat(loaders.asked).containsExactly(3L, (long) Matrix.DEFAULT_MAX_TRIALS);
    assertThat(limited.code()).isEqualTo(2);
    assertThat(limited.err()).contains("makes 4 trials, more than the limit of 3");
    assertThat(planned.code()).as(planned.err()).isZero();
    assertThat(planned.out()).contains("4 trials");
  }

  @Test
  void aPluginCommandReadsStoredRunsThroughTheInjector() {
    List<Path> read = new ArrayList<>();
    StoredRuns runs =
        runDir -> {
          read.add(runDir);
          return List.of();
        };
    Module fake = binder -> binder.bind(StoredRuns.class).toInstance(runs);
    Path runDir = dir.resolve("runs").resolve("nothing");
    CliRun.with(
        List.of(fake), "mlflow", "sync", runDir.toString(), "--tracking-uri", "file:" + dir);
    assertThat(read).containsExactly(runDir);
  }

  /** A one-round workflow on synthetic data, with {@code more} lines added. */
  private Path workflow(String name, String more) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        name: %s
        seed: 4
        dataset: {type: synthetic, height: 8, width: 8, classes: 4, train: 128, test: 64}
        model: {type: tiny-mlp, hidden: 8}
        training: {epochs: 1, batch-size: 32, optimizer: {type: momentum}}
        %s
        """
            .formatted(name, more));
    return file;
  }
}

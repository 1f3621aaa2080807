package org.fraction.engine.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import jakarta.inject.Inject;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.fraction.engine.executor.ExecutionContext;
import org.fraction.engine.executor.LocalExecutor;
import org.fraction.engine.executor.TrialExecutorProvider;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.plugin.LoadedPlugins;
import org.fraction.engine.plugin.PluginException;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.RunStores;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.engine.train.TrackerObserver;
import org.fraction.spi.Kind;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginFactory;
import org.fraction.spi.PluginModule;
import org.fraction.spi.tracking.Tracker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process's injector: engine services come from it, a module override swaps one for a fake, and
 * a plugin's factory gets services from it.
 */
class CompositionTest {

  /** A clock that stands still at a chosen instant and counts how often it was read. */
  static final class StoppedClock extends Clock {
    final Instant at;
    int reads;

    StoppedClock(Instant at) {
      this.at = at;
    }

    @Override
    public Instant instant() {
      reads++;
      return at;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  /** A tracker that notes the time each trial starts, read from the clock its factory was given. */
  record StampSettings() {}

  static final List<Instant> STARTS = new ArrayList<>();

  static final class StampFactory implements PluginFactory<StampSettings, Tracker> {
    private final Clock clock;

    @Inject
    StampFactory(Clock clock) {
      this.clock = clock;
    }

    @Override
    public Tracker create(StampSettings settings) {
      return trial -> {
        STARTS.add(clock.instant());
        return status -> {};
      };
    }
  }

  static final class StampPlugin extends PluginModule {
    @Override
    public String pluginName() {
      return "stamp";
    }

    @Override
    protected void registerTypes() {
      register(Kind.TRACKER, "stamp", StampSettings.class, StampFactory.class, "start times");
    }
  }

  /** Asks for a service nobody binds. */
  interface Unbound {}

  static final class NeedyFactory implements PluginFactory<StampSettings, Tracker> {
    @Inject
    NeedyFactory(Unbound unbound) {}

    @Override
    public Tracker create(StampSettings settings) {
      throw new AssertionError("never made");
    }
  }

  static final class NeedyPlugin extends PluginModule {
    @Override
    public String pluginName() {
      return "needy";
    }

    @Override
    protected void registerTypes() {
      register(Kind.TRACKER, "needy", StampSettings.class, NeedyFactory.class, "cannot be made");
    }
  }

  private static final Instant T = Instant.parse("2031-02-03T04:05:06Z");

  @TempDir Path dir;

  private final StoppedClock clock = new StoppedClock(T);

  @BeforeEach
  void clear() {
    STARTS.clear();
  }

  private Injector injector(List<PluginModule> plugins, Module... overrides) {
    return Composition.create(
        new LoadedPlugins(plugins, getClass().getClassLoader()), List.of(), List.of(overrides));
  }

  private Module fakeClock() {
    return new AbstractModule() {
      @Override
      protected void configure() {
        bind(Clock.class).toInstance(clock);
      }
    };
  }

  @Test
  void aRunUsesTheClockAModuleOverrideSwapsIn() throws Exception {
    Injector injector = injector(List.of(new TestPlugin(), new StampPlugin()), fakeClock());
    assertThat(injector.getInstance(Clock.class)).isSameAs(clock);
    Path file = dir.resolve("w.yaml");
    Files.writeString(
        file,
        """
        name: clocked
        seed: 3
        dataset: {type: synthetic}
        model: {type: tiny-mlp, hidden: 8}
        training: {epochs: 1, batch-size: 32, optimizer: {type: momentum}}
        pruning: {type: smallest-first, keep: 0.5, rounds: 1, rewind: init}
        tracking: {stamp: {}}
        """);
    WorkflowPlan plan =
        injector.getInstance(WorkflowLoader.Factory.class).create().load(file, List.of());
    RunStore store = injector.getInstance(RunStores.class).open(dir.resolve("runs"));
    LocalExecutor executor = injector.getInstance(LocalExecutor.class);
    ExecutionContext context = new ExecutionContext(store, List.of(), TrackerObserver::of);

    executor.execute(plan, context);
    TrialDirectory trial = store.trial("clocked", plan.trials().get(0).id());
    assertThat(trial.hasRound(1)).isTrue();
    assertThat(STARTS).as("the tracker's factory got the swapped clock").containsExactly(T);

    try (RandomAccessFile f = new RandomAccessFile(trial.roundFile(1).toFile(), "rw")) {
      f.setLength(100);
    }
    int reads = clock.reads;
    executor.execute(plan, context);
    assertThat(clock.reads).isGreaterThan(reads);
    try (Stream<Path> files = Files.list(trial.path())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("the damaged round is set aside under the swapped clock's time")
          .contains("round-1.h5.damaged-20310203T040506Z");
    }
    assertThat(trial.hasRound(1)).isTrue();
    assertThat(STARTS).containsExactly(T, T);
  }

  @Test
  void theEngineBindsTheSystemClockAndTheLocalExecutor() {
    Injector injector = injector(List.of(new TestPlugin()));
    assertThat(injector.getInstance(Clock.class)).isEqualTo(Clock.systemUTC());
    Set<TrialExecutorProvider> executors =
        injector.getInstance(Key.get(new TypeLiteral<Set<TrialExecutorProvider>>() {}));
    assertThat(executors).extracting(TrialExecutorProvider::name).containsExactly("local");
    TrialExecutorProvider local = executors.iterator().next();
    assertThat(local.create(Map.of())).isInstanceOf(LocalExecutor.class);
    assertThatThrownBy(() -> local.create(Map.of("master", "local[2]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--master needs a cluster executor, e.g. --executor spark");
    assertThat(injector.getInstance(Plugins.class))
        .as("one catalog per process")
        .isSameAs(injector.getInstance(Plugins.class));
    assertThat(injector.getInstance(Plugins.class).names(Kinds.MODEL)).containsExactly("tiny-mlp");
  }

  @Test
  void aFactoryAskingForAnUnboundServiceFailsAtStartUpNamingItsModule() {
    assertThatThrownBy(() -> injector(List.of(new TestPlugin(), new NeedyPlugin())))
        .isInstanceOf(PluginException.class)
        .hasMessageStartingWith(
            getClass()
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .getPath()
                    .replaceAll("/$", "")
                + ": plugin module "
                + NeedyPlugin.class.getName()
                + ": ")
        .hasMessageContaining(Unbound.class.getSimpleName());
  }
}

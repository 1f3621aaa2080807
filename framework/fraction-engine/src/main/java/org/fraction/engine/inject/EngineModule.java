package org.fraction.engine.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import java.time.Clock;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.executor.LocalExecutorProvider;
import org.fraction.engine.executor.TrialExecutorProvider;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.results.StoredRunsReader;
import org.fraction.engine.store.RunStores;
import org.fraction.engine.workflow.TypeCatalog;
import org.fraction.spi.Kind;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;
import org.fraction.spi.data.FetchListener;
import org.fraction.spi.tracking.StoredRuns;

/**
 * The engine's services, one per process: the plugins' type catalog, the clock, the data cache, the
 * run store factory, the workflow loader factory, the stored-runs reader, and the {@code local}
 * trial executor. Per-trial objects are not bound here: {@link
 * org.fraction.engine.train.TrialRunner.Factory} makes a runner per trial, and each trial's
 * trackers are made from its settings when it starts.
 */
public final class EngineModule extends AbstractModule {

  @Override
  protected void configure() {
    for (Kind<?> kind : Kinds.all()) {
      PluginModule.typesOf(binder(), kind);
    }
    PluginModule.commandsOf(binder());
    bind(Plugins.class).in(Singleton.class);
    bind(TypeCatalog.class).to(Plugins.class);
    bind(Clock.class).toInstance(Clock.systemUTC());
    OptionalBinder.newOptionalBinder(binder(), FetchListener.class)
        .setDefault()
        .toInstance(message -> {});
    bind(DataCache.class).in(Singleton.class);
    bind(RunStores.class).toInstance(RunStores.ON_DISK);
    bind(StoredRuns.class).to(StoredRunsReader.class);
    executors(binder()).addBinding().to(LocalExecutorProvider.class);
  }

  /** Loaders over the plugins' types and the process's environment. */
  @Provides
  WorkflowLoader.Factory workflowLoaders(TypeCatalog catalog) {
    return maxTrials -> new WorkflowLoader(catalog, System::getenv, maxTrials);
  }

  /** The trial executors {@code run --executor NAME} chooses from; modules add theirs here. */
  public static Multibinder<TrialExecutorProvider> executors(Binder binder) {
    return Multibinder.newSetBinder(binder, TrialExecutorProvider.class);
  }
}

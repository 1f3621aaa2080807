package org.fraction.spark;

import org.fraction.engine.inject.EngineModule;
import org.fraction.engine.inject.ExtensionModule;

/**
 * Adds the {@code spark} trial executor. It is found only where this module is on the class path,
 * which the launcher arranges for {@code run --executor spark}.
 */
public final class SparkModule extends ExtensionModule {

  @Override
  protected void configure() {
    EngineModule.executors(binder()).addBinding().to(SparkExecutorProvider.class);
  }
}

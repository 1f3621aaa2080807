package org.fraction.spark.testing;

import org.fraction.spi.Kind;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;

/**
 * The Spark tests' own types: the {@code recording} tracker and {@code flaky-smallest-first}
 * pruning.
 */
public final class SparkTestPlugin extends PluginModule {

  @Override
  public String pluginName() {
    return "spark-tests";
  }

  @Override
  protected void registerTypes() {
    register(
        Kind.TRACKER,
        "recording",
        RecordingTracker.Settings.class,
        RecordingTracker::new,
        "appends each event to a file, for tests");
    register(
        Kinds.PRUNING,
        "flaky-smallest-first",
        FlakyPruning.Settings.class,
        FlakyPruning::new,
        "smallest-first pruning whose first task attempt fails at a given round, for tests");
  }
}

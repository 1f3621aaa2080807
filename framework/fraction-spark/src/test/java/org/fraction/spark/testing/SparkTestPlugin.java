package org.fraction.spark.testing;

import org.fraction.spi.Kind;
import org.fraction.spi.PluginModule;

/** Registers the {@code recording} tracker. */
public final class RecordingPlugin extends PluginModule {

  @Override
  public String pluginName() {
    return "recording";
  }

  @Override
  protected void registerTypes() {
    register(Kind.TRACKER, "recording", RecordingTracker.Settings.class, RecordingTracker::new,
        "appends each event to a file, for tests");
  }
}

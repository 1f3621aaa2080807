package org.fraction.plugins.models;

import org.fraction.spi.Kind;
import org.fraction.spi.PluginModule;

/** The built-in architectures. */
public final class ModelsPlugin extends PluginModule {

  @Override
  public String pluginName() {
    return "models";
  }

  @Override
  protected void registerTypes() {
    register(Kind.MODEL, "lenet-300-100", LeNetSettings.class, LeNet300100::new,
        "fully connected 300-100 network of LeCun et al. (1998), as in Frankle & Carbin (2019)");
  }
}

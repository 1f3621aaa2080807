package org.fraction.plugins.datasets;

import org.fraction.spi.Kind;
import org.fraction.spi.PluginModule;

/** The built-in data sets. */
public final class DatasetsPlugin extends PluginModule {

  @Override
  public String pluginName() {
    return "datasets";
  }

  @Override
  protected void registerTypes() {
    register(Kind.DATASET, "mnist", IdxSettings.class, s -> new IdxDataset(IdxSource.MNIST, s),
        "MNIST handwritten digits, 28x28 grey, 10 classes, 60,000 + 10,000 images");
    register(Kind.DATASET, "fashion-mnist", IdxSettings.class, s -> new IdxDataset(IdxSource.FASHION_MNIST, s),
        "Fashion-MNIST clothing, 28x28 grey, 10 classes, 60,000 + 10,000 images");
  }
}

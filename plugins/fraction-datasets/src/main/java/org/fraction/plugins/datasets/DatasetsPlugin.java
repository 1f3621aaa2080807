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
    register(
        Kind.DATASET,
        "mnist",
        IdxSettings.class,
        s -> new IdxDataset(IdxSource.MNIST, s),
        "MNIST handwritten digits, 28x28 grey, 10 classes, 60,000 + 10,000 images");
    register(
        Kind.DATASET,
        "fashion-mnist",
        IdxSettings.class,
        s -> new IdxDataset(IdxSource.FASHION_MNIST, s),
        "Fashion-MNIST clothing, 28x28 grey, 10 classes, 60,000 + 10,000 images");
    register(
        Kind.DATASET,
        "cifar-10",
        CifarSettings.class,
        s -> new CifarDataset(CifarSource.CIFAR_10, s.path(), false),
        "CIFAR-10 (binary release), 32x32 RGB, 10 classes, 50,000 + 10,000 images");
    register(
        Kind.DATASET,
        "cifar-100",
        Cifar100Settings.class,
        s ->
            new CifarDataset(
                CifarSource.CIFAR_100, s.path(), s.labels() == Cifar100Settings.Labels.COARSE),
        "CIFAR-100 (binary release), 32x32 RGB, 100 fine or 20 coarse classes, 50,000 + 10,000"
            + " images");
    register(
        Kind.DATASET,
        "imagenet64",
        ImageNet64Settings.class,
        ImageNet64Dataset::new,
        "Downsampled ImageNet 64x64 (pickles or npz), 1000 classes, 1,281,167 + 50,000 images,"
            + " streamed");
  }
}

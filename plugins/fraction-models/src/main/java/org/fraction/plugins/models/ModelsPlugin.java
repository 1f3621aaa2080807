package org.fraction.plugins.models;

import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;

/** The built-in architectures, each in real and quaternion algebra. */
public final class ModelsPlugin extends PluginModule {

  @Override
  public String pluginName() {
    return "models";
  }

  @Override
  protected void registerTypes() {
    register(
        Kinds.MODEL,
        "lenet-300-100",
        LeNetSettings.class,
        LeNet300100::new,
        "fully connected 300-100 network of LeCun et al. (1998), as in Frankle & Carbin (2019)");
    for (int depth : new int[] {2, 4, 6}) {
      register(
          Kinds.MODEL,
          "conv-" + depth,
          ConvSettings.class,
          s -> new ConvNet(depth, s),
          depth
              + " 3x3 convolutions, max pooling after each pair, dense 256-256 (Frankle & Carbin"
              + " 2019)");
    }
    for (int depth : new int[] {18, 34, 50, 101, 152}) {
      register(
          Kinds.MODEL,
          "resnet-" + depth,
          ResNetSettings.class,
          s -> new ResNet(depth, s),
          "ResNet-"
              + depth
              + " with a 3x3 stride-1 stem for 32x32 and 64x64 images (He et al. 2016)");
    }
  }
}

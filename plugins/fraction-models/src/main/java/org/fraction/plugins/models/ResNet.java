package org.fraction.plugins.models;

import java.util.EnumSet;
import java.util.Set;
import org.fraction.spi.model.Algebra;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.Model;
import org.fraction.spi.model.ModelContext;
import org.fraction.spi.model.Network;
import org.nd4j.linalg.activations.Activation;

/**
 * ResNet-18/34/50/101/152 (He et al. 2016) in the CIFAR style the papers train on 32x32 and 64x64
 * images: a 3x3 stride-1 stem of 64 channels without max pooling, four stages of 64, 128, 256 and
 * 512 channels (basic blocks, or bottlenecks expanding by 4), the later stages starting with stride
 * 2 and a 1x1 projection shortcut, global average pooling and a classifier. Convolutions have no
 * bias; batch normalisation is real and per channel.
 *
 * <p>In quaternion algebra every convolution is a quaternion convolution of the same real width and
 * the classifier is a quaternion dense layer unless {@code head: real} (Mukhopadhyay, Ansad &
 * Mishra 2024).
 */
final class ResNet implements Model {

  private final int depth;
  private final boolean bottleneck;
  private final int[] blocks;
  private final ResNetSettings settings;

  ResNet(int depth, ResNetSettings settings) {
    this.depth = depth;
    this.settings = settings;
    this.bottleneck = depth >= 50;
    this.blocks =
        switch (depth) {
          case 18 -> new int[] {2, 2, 2, 2};
          case 34, 50 -> new int[] {3, 4, 6, 3};
          case 101 -> new int[] {3, 4, 23, 3};
          case 152 -> new int[] {3, 8, 36, 3};
          default ->
              throw new IllegalArgumentException(
                  "resnet-" + depth + " does not exist; there are 18, 34, 50, 101 and 152");
        };
  }

  @Override
  public Set<Algebra> algebras() {
    return EnumSet.allOf(Algebra.class);
  }

  @Override
  public InputShape inputShape(InputShape data, Algebra algebra) {
    return ModelSettings.convolutionalInput(data, algebra, settings);
  }

  @Override
  public Network build(ModelContext ctx) {
    NetBuilder net =
        layers(NetBuilder.of(ctx, settings.init()), ctx.input().channels(), ctx.classes());
    long real =
        ctx.algebra() == Algebra.REAL
            ? net.prunableCount()
            : layers(
                    NetBuilder.counting(Algebra.REAL),
                    inputShape(ctx.data(), Algebra.REAL).channels(),
                    ctx.classes())
                .prunableCount();
    return net.build("fc", real);
  }

  private NetBuilder layers(NetBuilder net, int inputChannels, int classes) {
    String x =
        net.conv("conv1", NetBuilder.INPUT, inputChannels, 64, 3, 1, false, Activation.IDENTITY);
    x = net.batchNorm("bn1", x, 64);
    x = net.relu("relu1", x);
    int channels = 64;
    int expansion = bottleneck ? 4 : 1;
    for (int stage = 0; stage < 4; stage++) {
      int planes = 64 << stage;
      for (int b = 0; b < blocks[stage]; b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        String name = "layer" + (stage + 1) + "." + b;
        x =
            bottleneck
                ? bottleneck(net, name, x, channels, planes, stride)
                : basic(net, name, x, channels, planes, stride);
        channels = planes * expansion;
      }
    }
    x = net.globalAveragePool("pool", x);
    net.output("fc", x, channels, classes, settings.head() == Head.QUATERNION);
    return net;
  }

  private static String basic(
      NetBuilder net, String name, String in, int inChannels, int planes, int stride) {
    String x =
        net.conv(name + ".conv1", in, inChannels, planes, 3, stride, false, Activation.IDENTITY);
    x = net.batchNorm(name + ".bn1", x, planes);
    x = net.relu(name + ".relu1", x);
    x = net.conv(name + ".conv2", x, planes, planes, 3, 1, false, Activation.IDENTITY);
    x = net.batchNorm(name + ".bn2", x, planes);
    return residual(net, name, in, x, inChannels, planes, stride);
  }

  private static String bottleneck(
      NetBuilder net, String name, String in, int inChannels, int planes, int stride) {
    String x = net.conv(name + ".conv1", in, inChannels, planes, 1, 1, false, Activation.IDENTITY);
    x = net.batchNorm(name + ".bn1", x, planes);
    x = net.relu(name + ".relu1", x);
    x = net.conv(name + ".conv2", x, planes, planes, 3, stride, false, Activation.IDENTITY);
    x = net.batchNorm(name + ".bn2", x, planes);
    x = net.relu(name + ".relu2", x);
    x = net.conv(name + ".conv3", x, planes, 4 * planes, 1, 1, false, Activation.IDENTITY);
    x = net.batchNorm(name + ".bn3", x, 4 * planes);
    return residual(net, name, in, x, inChannels, 4 * planes, stride);
  }

  /** Adds the shortcut (a 1x1 projection when the shape changes) and the final ReLU. */
  private static String residual(
      NetBuilder net,
      String name,
      String in,
      String branch,
      int inChannels,
      int outChannels,
      int stride) {
    String shortcut = in;
    if (stride != 1 || inChannels != outChannels) {
      shortcut =
          net.conv(
              name + ".shortcut.conv",
              in,
              inChannels,
              outChannels,
              1,
              stride,
              false,
              Activation.IDENTITY);
      shortcut = net.batchNorm(name + ".shortcut.bn", shortcut, outChannels);
    }
    String sum = net.sum(name + ".add", branch, shortcut);
    return net.relu(name + ".relu", sum);
  }

  @Override
  public String toString() {
    return "resnet-" + depth;
  }
}

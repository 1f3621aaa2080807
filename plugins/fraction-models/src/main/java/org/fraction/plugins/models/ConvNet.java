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
 * Conv-2, Conv-4 and Conv-6 of Frankle & Carbin (2019): pairs of 3x3 convolutions (64, 128, 256
 * filters, with bias and ReLU), each pair followed by 2x2 max pooling, then dense 256, dense 256
 * and the classifier. In quaternion algebra the convolutions and the two hidden dense layers are
 * quaternion layers of the same real widths (16, 32, 64 quaternion filters) and the classifier
 * stays real, as in Iqbal & Mishra (2023).
 */
final class ConvNet implements Model {

  private static final int[] FILTERS = {64, 128, 256};

  private final int depth;
  private final ConvSettings settings;

  /**
   * @param depth 2, 4 or 6 convolutions
   */
  ConvNet(int depth, ConvSettings settings) {
    if (depth != 2 && depth != 4 && depth != 6) {
      throw new IllegalArgumentException(
          "conv-" + depth + " does not exist; there are conv-2, conv-4 and conv-6");
    }
    this.depth = depth;
    this.settings = settings;
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
    NetBuilder net = layers(NetBuilder.of(ctx, settings.init()), ctx.input(), ctx.classes());
    long real =
        ctx.algebra() == Algebra.REAL
            ? net.prunableCount()
            : layers(
                    NetBuilder.counting(Algebra.REAL),
                    inputShape(ctx.data(), Algebra.REAL),
                    ctx.classes())
                .prunableCount();
    return net.build("fc3", real);
  }

  private NetBuilder layers(NetBuilder net, InputShape input, int classes) {
    String x = NetBuilder.INPUT;
    int channels = input.channels();
    int height = input.height();
    int width = input.width();
    for (int pair = 0; pair < depth / 2; pair++) {
      for (int n = 0; n < 2; n++) {
        int index = 2 * pair + n + 1;
        x = net.conv("conv" + index, x, channels, FILTERS[pair], 3, 1, true, Activation.RELU);
        channels = FILTERS[pair];
      }
      x = net.maxPool("pool" + (pair + 1), x);
      height /= 2;
      width /= 2;
    }
    if (height == 0 || width == 0) {
      throw new IllegalArgumentException(
          "conv-"
              + depth
              + " pools "
              + depth / 2
              + " times by 2: images of "
              + input
              + " are too small");
    }
    long flat = (long) channels * height * width;
    x = net.dense("fc1", x, flat, 256, Activation.RELU);
    x = net.dense("fc2", x, 256, 256, Activation.RELU);
    net.output("fc3", x, 256, classes, false);
    return net;
  }
}

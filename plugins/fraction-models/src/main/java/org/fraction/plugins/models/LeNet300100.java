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
 * LeNet-300-100 (LeCun et al. 1998; Frankle & Carbin 2019): the flattened image, dense 300, dense
 * 100, dense to the classes, ReLU between. The quaternion variant has quaternion hidden layers of
 * 75 and 25 quaternions and keeps a real output layer (Iqbal & Mishra 2023). Its input is the
 * flattened image read as four component blocks: MNIST's 784 pixels are 196 quaternions (rows 0-6
 * the real parts, 7-13 the i parts, and so on); colour images get a grey fourth channel, so that
 * the blocks are the R, G, B and grey planes.
 */
final class LeNet300100 implements Model {

  private final LeNetSettings settings;

  LeNet300100(LeNetSettings settings) {
    this.settings = settings;
  }

  @Override
  public Set<Algebra> algebras() {
    return EnumSet.allOf(Algebra.class);
  }

  @Override
  public InputShape inputShape(InputShape data, Algebra algebra) {
    boolean colour = algebra == Algebra.QUATERNION && data.channels() == 3;
    return settings.fourthChannel() || colour ? ModelSettings.fourChannels(data) : data;
  }

  @Override
  public Network build(ModelContext ctx) {
    long in = ctx.input().pixels();
    if (ctx.algebra() == Algebra.QUATERNION && in % 4 != 0) {
      throw new IllegalArgumentException(
          "a quaternion lenet-300-100 reads the "
              + in
              + " input values as quaternions,"
              + " which needs a multiple of 4; set fourth-channel: true");
    }
    NetBuilder net = layers(NetBuilder.of(ctx, settings.init()), in, ctx.classes());
    long real =
        ctx.algebra() == Algebra.REAL
            ? net.prunableCount()
            : layers(
                    NetBuilder.counting(Algebra.REAL),
                    inputShape(ctx.data(), Algebra.REAL).pixels(),
                    ctx.classes())
                .prunableCount();
    return net.build("fc3", real);
  }

  private static NetBuilder layers(NetBuilder net, long in, int classes) {
    String x = net.dense("fc1", NetBuilder.INPUT, in, 300, Activation.RELU);
    x = net.dense("fc2", x, 300, 100, Activation.RELU);
    net.output("fc3", x, 100, classes, false);
    return net;
  }
}

package org.fraction.inference.graph;

import java.util.function.Supplier;
import org.fraction.inference.Activation;
import org.fraction.inference.KernelChoice;
import org.fraction.inference.Shape;
import org.fraction.inference.kernels.ConvGeometry;
import org.fraction.inference.kernels.ConvKernel;

/** A 2-D convolution on NCHW batches: {@code act(scale * conv + bias)} per output channel. */
public final class ConvolutionOp extends Op {

  private final WeightedKernels<ConvKernel> kernels;
  private final float[] bias;
  private final float[] scale;
  private final Activation activation;

  public ConvolutionOp(
      String name,
      ConvGeometry g,
      KernelChoice.Mode mode,
      KernelChoice.Kind kind,
      double density,
      Supplier<ConvKernel> dense,
      Supplier<ConvKernel> sparse,
      float[] bias,
      float[] scale,
      Activation activation) {
    super(name, Shape.image(g.o(), g.ho(), g.wo()));
    this.kernels = new WeightedKernels<>(mode, kind, density, g.ho() * g.wo(), dense, sparse);
    this.bias = bias;
    this.scale = scale;
    this.activation = activation;
  }

  @Override
  public void run(float[][] in, float[] out, int batch, int capacity, float[] scratch) {
    kernels.forBatch(capacity).run(in[0], out, batch, scale, bias, activation, scratch);
  }

  @Override
  public int scratchSize(int batch) {
    return kernels.forBatch(batch).scratchSize(batch);
  }

  @Override
  public String kernel(int batch) {
    return kernels.name(batch);
  }

  @Override
  public double density() {
    return kernels.density();
  }

  @Override
  public long macs(int batch) {
    return kernels.forBatch(batch).macs();
  }
}

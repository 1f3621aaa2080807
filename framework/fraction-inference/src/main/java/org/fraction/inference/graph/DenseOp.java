package org.fraction.inference.graph;

import java.util.function.Supplier;
import org.fraction.inference.Activation;
import org.fraction.inference.KernelChoice;
import org.fraction.inference.Shape;
import org.fraction.inference.kernels.MatrixKernel;

/** A fully connected layer on feature-major batches: {@code act(scale * x W + bias)}. */
public final class DenseOp extends Op {

  private final WeightedKernels<MatrixKernel> kernels;
  private final float[] bias;
  private final float[] scale;
  private final Activation activation;

  public DenseOp(
      String name,
      int out,
      KernelChoice.Mode mode,
      KernelChoice.Kind kind,
      double density,
      Supplier<MatrixKernel> dense,
      Supplier<MatrixKernel> sparse,
      float[] bias,
      float[] scale,
      Activation activation) {
    super(name, Shape.features(out));
    this.kernels = new WeightedKernels<>(mode, kind, density, 1, dense, sparse);
    this.bias = bias;
    this.scale = scale;
    this.activation = activation;
  }

  @Override
  public void run(float[][] in, float[] out, int batch, int capacity, float[] scratch) {
    kernels.forBatch(capacity).multiply(in[0], out, batch);
    int n = shape().channels();
    for (int o = 0; o < n; o++) {
      int row = o * batch;
      float s = scale == null ? 1f : scale[o];
      float b = bias == null ? 0f : bias[o];
      if (s != 1f || b != 0f) {
        for (int t = row; t < row + batch; t++) {
          out[t] = s * out[t] + b;
        }
      }
    }
    activation.apply(out, 0, n * batch);
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

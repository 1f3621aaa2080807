package org.fraction.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.fraction.inference.Activation;
import org.fraction.inference.KernelChoice;
import org.fraction.inference.kernels.ConvGeometry;
import org.fraction.inference.kernels.ConvKernel;
import org.fraction.inference.kernels.DenseConvolution;
import org.fraction.inference.kernels.DenseMatrix;
import org.fraction.inference.kernels.MatrixKernel;
import org.fraction.inference.kernels.QuaternionConvolution;
import org.fraction.inference.kernels.QuaternionMatrix;
import org.fraction.inference.kernels.Simd;
import org.fraction.inference.kernels.SparseConvolution;
import org.fraction.inference.kernels.SparseMatrix;

/**
 * Where the sparse kernels of fraction-inference start to beat the dense ones: for layers of the
 * benchmark models, the time of the dense kernel and of the sparse kernel at falling densities, for
 * one image and for batches of 64, and the density at which the two cross (interpolated). Dense and
 * sparse runs alternate in short blocks so that both see the same machine load; each time is the
 * median of the blocks. Run with bench/inference-crossover.
 */
public final class InferenceCrossover {

  static final double[] DENSITIES = {1.0, 0.7, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.02};
  static final SplittableRandom RANDOM = new SplittableRandom(1);
  static double blockSeconds = 0.15;
  static int blocks = 5;

  record Layer(
      String name, KernelChoice.Kind kind, int in, int out, int size, int kernel, int stride) {
    boolean convolution() {
      return size > 0;
    }
  }

  public static void main(String[] args) {
    if (args.length > 0) {
      blocks = Integer.parseInt(args[0]);
    }
    if (args.length > 1) {
      blockSeconds = Double.parseDouble(args[1]);
    }
    List<Layer> layers =
        List.of(
            new Layer("dense 784-300", KernelChoice.Kind.DENSE_REAL, 784, 300, 0, 0, 0),
            new Layer("dense 8192-256", KernelChoice.Kind.DENSE_REAL, 8192, 256, 0, 0, 0),
            new Layer("q-dense 784-300", KernelChoice.Kind.DENSE_QUATERNION, 784, 300, 0, 0, 0),
            new Layer("q-dense 8192-256", KernelChoice.Kind.DENSE_QUATERNION, 8192, 256, 0, 0, 0),
            new Layer("conv 64-64 3x3 32x32", KernelChoice.Kind.CONVOLUTION_REAL, 64, 64, 32, 3, 1),
            new Layer(
                "conv 128-128 3x3 16x16", KernelChoice.Kind.CONVOLUTION_REAL, 128, 128, 16, 3, 1),
            new Layer(
                "conv 256-256 3x3 8x8", KernelChoice.Kind.CONVOLUTION_REAL, 256, 256, 8, 3, 1),
            new Layer(
                "conv 512-512 3x3 4x4", KernelChoice.Kind.CONVOLUTION_REAL, 512, 512, 4, 3, 1),
            new Layer(
                "q-conv 64-64 3x3 32x32",
                KernelChoice.Kind.CONVOLUTION_QUATERNION,
                64,
                64,
                32,
                3,
                1),
            new Layer(
                "q-conv 128-128 3x3 16x16",
                KernelChoice.Kind.CONVOLUTION_QUATERNION,
                128,
                128,
                16,
                3,
                1),
            new Layer(
                "q-conv 256-256 3x3 8x8",
                KernelChoice.Kind.CONVOLUTION_QUATERNION,
                256,
                256,
                8,
                3,
                1),
            new Layer(
                "q-conv 512-512 3x3 4x4",
                KernelChoice.Kind.CONVOLUTION_QUATERNION,
                512,
                512,
                4,
                3,
                1),
            new Layer(
                "conv 128-256 3x3 /2 16x16 (check)",
                KernelChoice.Kind.CONVOLUTION_REAL,
                128,
                256,
                16,
                3,
                2),
            new Layer(
                "q-conv 128-256 3x3 /2 16x16 (check)",
                KernelChoice.Kind.CONVOLUTION_QUATERNION,
                128,
                256,
                16,
                3,
                2));
    System.out.printf(
        Locale.ROOT,
        "kernels: %s; %d blocks of %.2f s per time, medians; sparse time / dense time per"
            + " density%n",
        Simd.VECTOR ? "Vector API" : "plain loops",
        blocks,
        blockSeconds);
    StringBuilder head =
        new StringBuilder(String.format("%-30s %5s %10s", "layer", "batch", "dense ms"));
    for (double d : DENSITIES) {
      head.append(String.format(Locale.ROOT, " %6.0f%%", 100 * d));
    }
    head.append("  crossover");
    System.out.println(head);
    java.util.Map<String, Double> found = new java.util.LinkedHashMap<>();
    for (Layer layer : layers) {
      for (int batch : new int[] {1, 64}) {
        found.put(layer.name + "|" + batch, measure(layer, batch));
      }
    }
    // the table KernelChoice holds: dense layers the lower crossover of the two sizes, convolutions
    // by output size
    System.out.println();
    System.out.println("for KernelChoice (crossover densities):");
    for (String kind : new String[] {"dense", "q-dense"}) {
      double[] v = new double[2];
      for (int r = 0; r < 2; r++) {
        int batch = r == 0 ? 1 : 64;
        v[r] =
            Math.min(found.get(kind + " 784-300|" + batch), found.get(kind + " 8192-256|" + batch));
      }
      System.out.printf(
          Locale.ROOT,
          "  {%.2f, %.2f}, // %s%n",
          v[0],
          v[1],
          kind.equals("dense") ? "DENSE_REAL" : "DENSE_QUATERNION");
    }
    String[] sizes = {"512-512 3x3 4x4", "256-256 3x3 8x8", "128-128 3x3 16x16", "64-64 3x3 32x32"};
    for (String kind : new String[] {"conv", "q-conv"}) {
      StringBuilder b = new StringBuilder("  {");
      for (int r = 0; r < 2; r++) {
        int batch = r == 0 ? 1 : 64;
        b.append(r == 0 ? "{" : ", {");
        for (int i = 0; i < sizes.length; i++) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "%s%.2f",
                  i == 0 ? "" : ", ",
                  found.get(kind + " " + sizes[i] + "|" + batch)));
        }
        b.append("}");
      }
      b.append("}, // ")
          .append(kind.equals("conv") ? "CONVOLUTION_REAL" : "CONVOLUTION_QUATERNION");
      System.out.println(b);
    }
  }

  static double measure(Layer layer, int batch) {
    Runnable dense;
    List<Runnable> sparse = new ArrayList<>();
    if (layer.convolution()) {
      int pad = layer.kernel / 2;
      int ho = (layer.size + 2 * pad - layer.kernel) / layer.stride + 1;
      ConvGeometry g =
          new ConvGeometry(
              layer.in,
              layer.size,
              layer.size,
              layer.out,
              layer.kernel,
              layer.kernel,
              layer.stride,
              layer.stride,
              pad,
              pad,
              ho,
              ho);
      float[] x = random(batch * layer.in * layer.size * layer.size, 1.0);
      float[] y = new float[batch * layer.out * ho * ho];
      ConvKernel d =
          new DenseConvolution(g, random(layer.out * layer.in * layer.kernel * layer.kernel, 1.0));
      dense = conv(d, x, y, batch);
      for (double density : DENSITIES) {
        ConvKernel s;
        if (layer.kind == KernelChoice.Kind.CONVOLUTION_QUATERNION) {
          int[] positions =
              positions(layer.in / 4 * layer.out / 4 * layer.kernel * layer.kernel, density);
          s = new QuaternionConvolution(g, positions, random(4 * positions.length, 1.0));
        } else {
          int[] positions = positions(layer.out * layer.in * layer.kernel * layer.kernel, density);
          s = new SparseConvolution(g, positions, random(positions.length, 1.0));
        }
        sparse.add(conv(s, x, y, batch));
      }
    } else {
      float[] x = random(batch * layer.in, 0.5);
      float[] y = new float[batch * layer.out];
      MatrixKernel d = new DenseMatrix(layer.in, layer.out, random(layer.in * layer.out, 1.0));
      dense = () -> d.multiply(x, y, batch);
      for (double density : DENSITIES) {
        MatrixKernel s;
        if (layer.kind == KernelChoice.Kind.DENSE_QUATERNION) {
          int[] positions = positions(layer.in / 4 * layer.out / 4, density);
          s =
              new QuaternionMatrix(
                  layer.in / 4, layer.out / 4, positions, random(4 * positions.length, 1.0));
        } else {
          int[] positions = positions(layer.in * layer.out, density);
          s = new SparseMatrix(layer.in, layer.out, positions, random(positions.length, 1.0));
        }
        sparse.add(() -> s.multiply(x, y, batch));
      }
    }
    List<Runnable> all = new ArrayList<>();
    all.add(dense);
    all.addAll(sparse);
    double[] ms = medians(all);
    StringBuilder line =
        new StringBuilder(String.format(Locale.ROOT, "%-30s %5d %10.3f", layer.name, batch, ms[0]));
    double crossover = 0;
    for (int i = 0; i < DENSITIES.length; i++) {
      double ratio = ms[i + 1] / ms[0];
      line.append(String.format(Locale.ROOT, " %7.2f", ratio));
    }
    // the highest density at which sparse is faster, interpolated with the next higher one
    for (int i = 0; i < DENSITIES.length; i++) {
      double ratio = ms[i + 1] / ms[0];
      if (ratio < 1) {
        if (i == 0) {
          crossover = 1;
        } else {
          double r0 = ms[i] / ms[0];
          double t = (r0 - 1) / (r0 - ratio);
          crossover = DENSITIES[i - 1] + t * (DENSITIES[i] - DENSITIES[i - 1]);
        }
        break;
      }
    }
    line.append(String.format(Locale.ROOT, "  %8.1f%%", 100 * crossover));
    System.out.println(line);
    return crossover;
  }

  static Runnable conv(ConvKernel k, float[] x, float[] y, int batch) {
    float[] scratch = new float[k.scratchSize(batch)];
    return () -> k.run(x, y, batch, null, null, Activation.IDENTITY, scratch);
  }

  /** Median milliseconds per call of each task, blocks of the tasks taking turns. */
  static double[] medians(List<Runnable> tasks) {
    for (Runnable t : tasks) {
      long end = System.nanoTime() + (long) (blockSeconds * 1e9);
      do {
        t.run();
      } while (System.nanoTime() < end); // warm-up
    }
    double[][] times = new double[tasks.size()][blocks];
    for (int b = 0; b < blocks; b++) {
      for (int t = 0; t < tasks.size(); t++) {
        long start = System.nanoTime();
        long end = start + (long) (blockSeconds * 1e9);
        int n = 0;
        long now;
        do {
          tasks.get(t).run();
          n++;
          now = System.nanoTime();
        } while (now < end);
        times[t][b] = (now - start) / 1e6 / n;
      }
    }
    double[] out = new double[tasks.size()];
    for (int t = 0; t < tasks.size(); t++) {
      Arrays.sort(times[t]);
      out[t] = times[t][blocks / 2];
    }
    return out;
  }

  static float[] random(int n, double nonZero) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = RANDOM.nextDouble() < nonZero ? (float) (RANDOM.nextDouble() * 2 - 1) : 0f;
    }
    return v;
  }

  /** Ascending random positions, each kept with probability {@code density}. */
  static int[] positions(int size, double density) {
    int[] out = new int[size];
    int n = 0;
    for (int p = 0; p < size; p++) {
      if (RANDOM.nextDouble() < density) {
        out[n++] = p;
      }
    }
    return Arrays.copyOf(out, n);
  }
}

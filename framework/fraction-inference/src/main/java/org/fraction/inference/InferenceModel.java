package org.fraction.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.fraction.inference.graph.ConvolutionOp;
import org.fraction.inference.graph.DenseOp;
import org.fraction.inference.graph.ElementOps;
import org.fraction.inference.graph.Op;
import org.fraction.inference.kernels.ConvGeometry;
import org.fraction.inference.kernels.ConvKernel;
import org.fraction.inference.kernels.DenseConvolution;
import org.fraction.inference.kernels.DenseMatrix;
import org.fraction.inference.kernels.MatrixKernel;
import org.fraction.inference.kernels.QuaternionConvolution;
import org.fraction.inference.kernels.QuaternionMatrix;
import org.fraction.inference.kernels.SparseConvolution;
import org.fraction.inference.kernels.SparseMatrix;

/**
 * A model ready to run: its operations with their kernels. Immutable apart from kernels built on
 * first use; run it through {@link Session}s, one per thread.
 */
public final class InferenceModel {

  private final ModelSpec spec;
  private final List<Op> ops;

  /** For each op, the indices of the buffers it reads: 0 is the model input, op k writes k + 1. */
  private final int[][] inputs;

  private InferenceModel(ModelSpec spec, List<Op> ops, int[][] inputs) {
    this.spec = spec;
    this.ops = List.copyOf(ops);
    this.inputs = inputs;
  }

  /** Reads and compiles a model file, choosing kernels by density. */
  public static InferenceModel load(Path file) {
    return load(file, KernelChoice.Mode.AUTO);
  }

  public static InferenceModel load(Path file, KernelChoice.Mode mode) {
    ModelSpec spec = ModelFile.read(file);
    try {
      return compile(spec, mode);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(file, "damaged model: " + e.getMessage(), e);
    }
  }

  public static InferenceModel compile(ModelSpec spec, KernelChoice.Mode mode) {
    Map<String, Shape> shapes = GraphCheck.check(spec);
    Map<String, Integer> buffer = new HashMap<>();
    buffer.put(NodeSpec.INPUT, 0);
    List<Op> ops = new ArrayList<>();
    int[][] inputs = new int[spec.nodes().size()][];
    int index = 0;
    for (NodeSpec node : spec.nodes()) {
      Shape in = shapes.get(node.inputs().get(0));
      ops.add(op(node, in, shapes.get(node.name()), mode));
      inputs[index] = node.inputs().stream().mapToInt(buffer::get).toArray();
      buffer.put(node.name(), ++index);
    }
    return new InferenceModel(spec, ops, inputs);
  }

  private static Op op(NodeSpec node, Shape in, Shape out, KernelChoice.Mode mode) {
    if (node instanceof NodeSpec.Dense d) {
      Weight w = d.weight();
      boolean quaternion = !(w instanceof Weight.Real);
      KernelChoice.Kind kind =
          w instanceof Weight.Quaternion
              ? KernelChoice.Kind.DENSE_QUATERNION
              : KernelChoice.Kind.DENSE_REAL;
      Supplier<MatrixKernel> dense = () -> new DenseMatrix(d.in(), d.out(), realDense(w));
      Supplier<MatrixKernel> sparse;
      if (w instanceof Weight.Quaternion q) {
        sparse = () -> new QuaternionMatrix(d.in() / 4, d.out() / 4, positions(q), q.values());
      } else {
        sparse =
            () -> {
              Weight.Real r =
                  quaternion
                      ? Weight.Real.sparse(new int[] {d.in(), d.out()}, realDense(w))
                      : (Weight.Real) w;
              return new SparseMatrix(d.in(), d.out(), positions(r), r.values());
            };
      }
      return new DenseOp(
          d.name(),
          d.out(),
          mode,
          kind,
          w.density(),
          dense,
          sparse,
          d.bias(),
          d.scale(),
          d.activation());
    }
    if (node instanceof NodeSpec.Convolution c) {
      Weight w = c.weight();
      ConvGeometry g =
          new ConvGeometry(
              c.in(),
              in.height(),
              in.width(),
              c.out(),
              c.kernel()[0],
              c.kernel()[1],
              c.stride()[0],
              c.stride()[1],
              c.padding()[0],
              c.padding()[2],
              out.height(),
              out.width());
      KernelChoice.Kind kind =
          w instanceof Weight.Quaternion
              ? KernelChoice.Kind.CONVOLUTION_QUATERNION
              : KernelChoice.Kind.CONVOLUTION_REAL;
      Supplier<ConvKernel> dense = () -> new DenseConvolution(g, realDense(w));
      Supplier<ConvKernel> sparse;
      if (w instanceof Weight.Quaternion q) {
        sparse = () -> new QuaternionConvolution(g, positions(q), q.values());
      } else {
        sparse =
            () -> {
              Weight.Real r =
                  w instanceof Weight.Real real
                      ? real
                      : Weight.Real.sparse(
                          new int[] {c.out(), c.in(), g.kh(), g.kw()}, realDense(w));
              return new SparseConvolution(g, positions(r), r.values());
            };
      }
      return new ConvolutionOp(
          c.name(), g, mode, kind, w.density(), dense, sparse, c.bias(), c.scale(), c.activation());
    }
    if (node instanceof NodeSpec.Affine a) {
      return new ElementOps.Affine(a.name(), out, a.scale(), a.shift());
    }
    if (node instanceof NodeSpec.Activate a) {
      return new ElementOps.Activate(a.name(), out, a.activation());
    }
    if (node instanceof NodeSpec.Pool p) {
      return new ElementOps.Pool(p.name(), in, out, p.type(), p.kernel(), p.stride());
    }
    if (node instanceof NodeSpec.GlobalPool p) {
      return new ElementOps.GlobalPool(p.name(), in, p.type());
    }
    if (node instanceof NodeSpec.Add a) {
      return new ElementOps.Add(a.name(), out, a.activation());
    }
    if (node instanceof NodeSpec.Flatten f) {
      return new ElementOps.Flatten(f.name(), in);
    }
    throw new IllegalArgumentException("unknown operation " + node.op());
  }

  /** The dense real weight a layer's weight stands for, in the real layout. */
  static float[] realDense(Weight w) {
    if (w instanceof Weight.Real r) {
      return r.toDense();
    }
    if (w instanceof Weight.Quaternion q) {
      return Quaternions.realWeight(q.componentShape(), Quaternions.components(q));
    }
    Weight.QuaternionComponents q = (Weight.QuaternionComponents) w;
    return Quaternions.realWeight(q.componentShape(), Quaternions.components(q));
  }

  private static int[] positions(Weight.Real r) {
    return r.positions() != null
        ? r.positions()
        : java.util.stream.IntStream.range(0, r.size()).toArray();
  }

  private static int[] positions(Weight.Quaternion q) {
    return q.positions() != null
        ? q.positions()
        : java.util.stream.IntStream.range(0, q.quaternions()).toArray();
  }

  public ModelSpec spec() {
    return spec;
  }

  public InputSpec input() {
    return spec.input();
  }

  public int classes() {
    return spec.classes();
  }

  public List<Op> ops() {
    return ops;
  }

  int[][] inputs() {
    return inputs;
  }

  /** A session for batches of up to {@code batch} images. */
  public Session session(int batch) {
    return new Session(this, batch);
  }
}

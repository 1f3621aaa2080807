package org.fraction.inference.graph;

import org.fraction.inference.Shape;

/** One compiled operation: reads its inputs' buffers, writes its own. */
public abstract class Op {

  private final String name;
  private final Shape shape;

  protected Op(String name, Shape shape) {
    this.name = name;
    this.shape = shape;
  }

  public String name() {
    return name;
  }

  /** The shape of one image's output. */
  public Shape shape() {
    return shape;
  }

  /**
   * Computes a batch of {@code batch} images: {@code in[k]} holds input k (layout per {@link
   * Shape}), {@code out} is overwritten. Kernels are chosen for batches of {@code capacity}, the
   * session's size, so that a short last batch runs the same kernels.
   */
  public abstract void run(float[][] in, float[] out, int batch, int capacity, float[] scratch);

  /** Scratch floats {@link #run} needs for a batch. */
  public int scratchSize(int batch) {
    return 0;
  }

  /** The kernel it runs for a batch of this size, for reports: e.g. "sparse", "dense", "-". */
  public String kernel(int batch) {
    return "-";
  }

  /** Density of its weight (1 without one). */
  public double density() {
    return 1;
  }

  /** Multiply-accumulates per image of the kernel it runs for this batch size. */
  public long macs(int batch) {
    return 0;
  }
}

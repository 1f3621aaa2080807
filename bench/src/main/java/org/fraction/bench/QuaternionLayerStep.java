package org.fraction.bench;

import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (forward, backward, Adam update: {@code fit} of one batch) of a layer, real or
 * quaternion, of the same real width, in the configuration the engine trains with (float,
 * workspaces, no cache). The layers are those of {@link QuaternionLayerBench}: LeNet-300-100's
 * first dense layer and Conv-2's second convolution. Run with bench/quaternion-layers; its {@code
 * --paired} option runs {@link QuaternionLayerBench} for the quaternion / real ratio of more
 * layers, measured back to back.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class QuaternionLayerStep {

  /** {@code dense}: 784 -> 300, batch 60; {@code conv}: 3x3 64 -> 64 on 32x32, batch 60. */
  @Param({"dense", "conv"})
  public String layer;

  @Param({"real", "quaternion"})
  public String algebra;

  private ComputationGraph net;
  private DataSet batch;

  /**
   * Built once per trial, on the benchmark's own thread: Deeplearning4j's workspaces belong to the
   * thread that trains.
   */
  @Setup(Level.Trial)
  public void build() {
    QuaternionLayerBench.Case c =
        switch (layer) {
          case "dense" -> QuaternionLayerBench.dense(layer, 60, 784, 300);
          case "conv" -> QuaternionLayerBench.conv(layer, 60, 32, 64, 64, 3, 1, true);
          default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
    net =
        switch (algebra) {
          case "real" -> c.real();
          case "quaternion" -> c.quaternion();
          default -> throw new IllegalArgumentException("unknown algebra " + algebra);
        };
    batch = c.batch();
  }

  /** Returns the loss so that the step's result is consumed. */
  @Benchmark
  public double step() {
    net.fit(batch);
    return net.score();
  }
}

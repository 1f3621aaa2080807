package org.fraction.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fraction.inference.Activation;
import org.fraction.inference.InferenceModel;
import org.fraction.inference.InputSpec;
import org.fraction.inference.KernelChoice;
import org.fraction.inference.ModelSpec;
import org.fraction.inference.NodeSpec;
import org.fraction.inference.PoolType;
import org.fraction.inference.Weight;
import org.junit.jupiter.api.Test;

/**
 * Batch norm folded into the layer before it and activations merged into their producers: the graph
 * shrinks to its weighted layers, their sparsity patterns stay as they were, and the scores stay
 * those of the unfolded graph, for real and whole-quaternion layers.
 */
class FusionTest {

  private final SplittableRandom random = new SplittableRandom(5);

  private float[] vector(int n, double from, double to) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (from + random.nextDouble() * (to - from));
    }
    return v;
  }

  /** A real weight with about a quarter of its entries kept. */
  private Weight.Real real(int[] shape) {
    float[] dense = vector((int) Weight.product(shape), -0.5, 0.5);
    for (int i = 0; i < dense.length; i++) {
      dense[i] = random.nextDouble() < 0.25 ? dense[i] : 0f;
    }
    return Weight.Real.sparse(shape, dense);
  }

  /** A quaternion weight with every third quaternion kept whole. */
  private Weight.Quaternion quaternion(int[] componentShape) {
    int size = (int) Weight.product(componentShape);
    List<Integer> kept = new ArrayList<>();
    for (int p = 0; p < size; p += 3) {
      kept.add(p);
    }
    return new Weight.Quaternion(
        componentShape,
        kept.stream().mapToInt(Integer::intValue).toArray(),
        vector(4 * kept.size(), -0.5, 0.5));
  }

  private NodeSpec.Affine batchNorm(String name, String input, int n) {
    return new NodeSpec.Affine(name, input, vector(n, 0.5, 1.5), vector(n, -0.3, 0.3));
  }

  private List<NodeSpec> graph() {
    List<NodeSpec> nodes = new ArrayList<>();
    // a real convolution, batch norm, ReLU
    nodes.add(
        new NodeSpec.Convolution(
            "conv",
            NodeSpec.INPUT,
            4,
            8,
            new int[] {3, 3},
            new int[] {1, 1},
            new int[] {1, 1, 1, 1},
            real(new int[] {8, 4, 3, 3}),
            vector(8, -0.1, 0.1),
            null,
            Activation.IDENTITY));
    nodes.add(batchNorm("conv-bn", "conv", 8));
    nodes.add(new NodeSpec.Activate("conv-relu", "conv-bn", Activation.RELU));
    nodes.add(
        new NodeSpec.Pool("pool", "conv-relu", PoolType.MAX, new int[] {2, 2}, new int[] {2, 2}));
    nodes.add(new NodeSpec.Flatten("flat", "pool"));
    // a whole-quaternion dense layer, batch norm, ReLU
    nodes.add(
        new NodeSpec.Dense(
            "fc",
            "flat",
            128,
            32,
            quaternion(new int[] {32, 8}),
            vector(32, -0.1, 0.1),
            null,
            Activation.IDENTITY));
    nodes.add(batchNorm("fc-bn", "fc", 32));
    nodes.add(new NodeSpec.Activate("fc-relu", "fc-bn", Activation.RELU));
    // a real dense layer with its own activation: batch norm after it cannot be folded
    nodes.add(
        new NodeSpec.Dense(
            "fc2",
            "fc-relu",
            32,
            16,
            real(new int[] {32, 16}),
            vector(16, -0.1, 0.1),
            null,
            Activation.RELU));
    nodes.add(batchNorm("fc2-bn", "fc2", 16));
    nodes.add(
        new NodeSpec.Dense(
            "out", "fc2-bn", 16, 10, real(new int[] {16, 10}), null, null, Activation.IDENTITY));
    return nodes;
  }

  @Test
  void foldedGraphsScoreAsTheUnfoldedOnes() {
    List<NodeSpec> nodes = graph();
    List<NodeSpec> fused = Fusion.mergeActivations(Fusion.foldBatchNorm(nodes));

    assertThat(fused)
        .extracting(NodeSpec::name)
        .containsExactly("conv", "pool", "flat", "fc", "fc2", "fc2-bn", "out");
    NodeSpec.Convolution conv = (NodeSpec.Convolution) fused.get(0);
    NodeSpec.Dense fc = (NodeSpec.Dense) fused.get(3);
    assertThat(conv.activation()).isEqualTo(Activation.RELU);
    assertThat(fc.activation()).isEqualTo(Activation.RELU);
    assertThat(fused.get(4).inputs()).containsExactly("fc");
    assertThat(fused.get(5))
        .isInstanceOf(NodeSpec.Affine.class); // after an activation: left as it is

    // real weights absorb the batch norm's scale, keeping their zeros; a quaternion weight keeps
    // its
    // quaternions and the layer gets a per-output scale
    Weight.Real before = (Weight.Real) ((NodeSpec.Convolution) nodes.get(0)).weight();
    Weight.Real after = (Weight.Real) conv.weight();
    assertThat(after.positions()).containsExactly(before.positions());
    assertThat(after.nonZeros()).isEqualTo(before.nonZeros());
    assertThat(conv.scale()).isNull();
    NodeSpec.Affine convBn = (NodeSpec.Affine) nodes.get(1);
    float[] beforeDense = before.toDense();
    float[] afterDense = after.toDense();
    for (int i = 0; i < beforeDense.length; i++) {
      assertThat(afterDense[i]).isEqualTo(beforeDense[i] * convBn.scale()[i / 36]);
    }
    NodeSpec.Affine fcBn = (NodeSpec.Affine) nodes.get(6);
    assertThat(fc.weight()).isSameAs(((NodeSpec.Dense) nodes.get(5)).weight());
    assertThat(fc.scale()).containsExactly(fcBn.scale());
    float[] fcBias = ((NodeSpec.Dense) nodes.get(5)).bias();
    for (int o = 0; o < 32; o++) {
      assertThat(fc.bias()[o]).isEqualTo(fcBias[o] * fcBn.scale()[o] + fcBn.shift()[o]);
    }

    InputSpec input = new InputSpec(8, 8, 1, 4, new double[] {0.13}, new double[] {0.31});
    byte[] images = new byte[5 * input.imageBytes()];
    random.nextBytes(images);
    for (KernelChoice.Mode mode : KernelChoice.Mode.values()) {
      float[] want =
          InferenceModel.compile(new ModelSpec(input, 10, nodes, Map.of()), mode)
              .session(5)
              .logits(images, 0, 5);
      float[] got =
          InferenceModel.compile(new ModelSpec(input, 10, fused, Map.of()), mode)
              .session(5)
              .logits(images, 0, 5);
      for (int i = 0; i < want.length; i++) {
        assertThat((double) got[i])
            .as("%s score %d", mode, i)
            .isCloseTo(want[i], offset(1e-5 + 1e-5 * Math.abs(want[i])));
      }
    }
  }
}

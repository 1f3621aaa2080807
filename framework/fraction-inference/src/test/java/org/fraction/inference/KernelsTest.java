package org.fraction.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fraction.inference.RandomModels.Form;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every kernel, dense and sparse, one image and batches, against a double-precision reference. */
class KernelsTest {

  private static final InputSpec IMAGE = new InputSpec(9, 7, 4, 4, null, null);

  /** A small network exercising every operation, with weights of one form. */
  private static ModelSpec network(Form form, double density, long seed) {
    RandomModels r = new RandomModels(seed, density);
    List<NodeSpec> nodes = new ArrayList<>();
    nodes.add(r.conv("c1", NodeSpec.INPUT, 4, 8, 3, 1, 1, form, Activation.RELU, false));
    nodes.add(r.conv("c2", "c1", 8, 16, 3, 2, 1, form, Activation.IDENTITY, true));
    nodes.add(r.conv("c3", "c1", 8, 16, 1, 2, 0, form, Activation.IDENTITY, false));
    nodes.add(new NodeSpec.Add("sum", List.of("c2", "c3"), Activation.RELU));
    nodes.add(r.conv("c4", "sum", 16, 8, 1, 1, 0, form, Activation.TANH, true));
    nodes.add(new NodeSpec.Affine("bn", "c4", r.vector(8), r.vector(8)));
    nodes.add(new NodeSpec.Activate("act", "bn", Activation.RELU));
    nodes.add(r.conv("c5", "act", 8, 12, 2, 1, 0, form, Activation.SIGMOID, false));
    nodes.add(new NodeSpec.Pool("pool", "c5", PoolType.MAX, new int[] {2, 2}, new int[] {1, 1}));
    nodes.add(new NodeSpec.Pool("avg", "pool", PoolType.AVG, new int[] {2, 1}, new int[] {1, 1}));
    nodes.add(new NodeSpec.Flatten("flat", "avg"));
    nodes.add(r.dense("fc1", "flat", 12 * 2 * 2, 16, form, Activation.RELU, true));
    nodes.add(new NodeSpec.GlobalPool("gp", "c1", PoolType.AVG));
    nodes.add(new NodeSpec.GlobalPool("gm", "c1", PoolType.MAX));
    nodes.add(r.dense("fc2", "gp", 8, 16, form, Activation.IDENTITY, false));
    nodes.add(r.dense("fc3", "gm", 8, 16, form, Activation.IDENTITY, false));
    nodes.add(new NodeSpec.Add("join", List.of("fc1", "fc2", "fc3"), Activation.RELU));
    nodes.add(r.dense("out", "join", 16, 8, form, Activation.IDENTITY, false));
    return RandomModels.model(IMAGE, 8, nodes);
  }

  private static float[] images(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[n * IMAGE.networkValues()];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble() < 0.3 ? 0f : (float) random.nextDouble();
    }
    return x;
  }

  private static void assertMatchesReference(
      ModelSpec spec, KernelChoice.Mode mode, int sessionBatch, int count) {
    InferenceModel model = InferenceModel.compile(spec, mode);
    float[] x = images(count, 3);
    float[] got = model.session(sessionBatch).logits(x, 0, count);
    int values = IMAGE.networkValues();
    for (int b = 0; b < count; b++) {
      double[] want =
          Reference.logits(spec, java.util.Arrays.copyOfRange(x, b * values, (b + 1) * values));
      for (int c = 0; c < want.length; c++) {
        assertThat((double) got[b * spec.classes() + c])
            .as(
                "%s %s batch %d/%d image %d class %d",
                spec.nodes().get(0).getClass(), mode, count, sessionBatch, b, c)
            .isCloseTo(
                want[c], org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(want[c]))));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void everyKernelMatchesTheReference(Form form) {
    for (double density : new double[] {1.0, 0.3, 0.02}) {
      ModelSpec spec = network(form, density, 11);
      for (KernelChoice.Mode mode : KernelChoice.Mode.values()) {
        assertMatchesReference(spec, mode, 1, 1);
        assertMatchesReference(spec, mode, 5, 5);
        assertMatchesReference(spec, mode, 8, 3); // a short last batch
        assertMatchesReference(spec, mode, 32, 32); // whole register tiles
      }
    }
  }

  @Test
  void widerLayersCoverTheVectorTails() {
    // widths that are not multiples of the vector length, and products with more than one block
    RandomModels r = new RandomModels(5, 0.4);
    InputSpec in = new InputSpec(6, 5, 3, 4, null, null);
    List<NodeSpec> nodes = new ArrayList<>();
    nodes.add(r.conv("c", NodeSpec.INPUT, 4, 36, 3, 1, 1, Form.QUATERNION, Activation.RELU, false));
    nodes.add(new NodeSpec.Flatten("f", "c"));
    nodes.add(r.dense("d1", "f", 36 * 30, 300, Form.REAL, Activation.RELU, false));
    nodes.add(r.dense("d2", "d1", 300, 100, Form.QUATERNION, Activation.RELU, false));
    nodes.add(r.dense("d3", "d2", 100, 10, Form.REAL, Activation.IDENTITY, false));
    ModelSpec spec = RandomModels.model(in, 10, nodes);
    for (KernelChoice.Mode mode : KernelChoice.Mode.values()) {
      InferenceModel model = InferenceModel.compile(spec, mode);
      SplittableRandom random = new SplittableRandom(1);
      float[] x = new float[67 * in.networkValues()];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) random.nextDouble();
      }
      float[] got = model.session(67).logits(x, 0, 67);
      for (int b : new int[] {0, 31, 66}) {
        double[] want =
            Reference.logits(
                spec,
                java.util.Arrays.copyOfRange(
                    x, b * in.networkValues(), (b + 1) * in.networkValues()));
        for (int c = 0; c < 10; c++) {
          assertThat((double) got[b * 10 + c])
              .isCloseTo(
                  want[c], org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(want[c]))));
        }
      }
    }
  }

  @Test
  void encodingMatchesTheTrainingArithmetic() {
    InputSpec grey = new InputSpec(2, 2, 1, 4, new double[] {0.1307}, new double[] {0.3081});
    float[] out = new float[16];
    grey.encoder().encode(new byte[] {0, (byte) 255, 10, (byte) 128}, 0, out, 0);
    float v = ((128 & 0xFF) * (1f / 255f) - (float) 0.1307) * (float) (1.0 / 0.3081);
    assertThat(out[3]).isEqualTo(v);
    assertThat(out[15]).isEqualTo(v);
    InputSpec colour = new InputSpec(1, 1, 3, 4, null, null);
    colour.encoder().encode(new byte[] {(byte) 255, 0, 0}, 0, out, 0);
    assertThat(out[3]).isEqualTo(0.299f);
  }
}

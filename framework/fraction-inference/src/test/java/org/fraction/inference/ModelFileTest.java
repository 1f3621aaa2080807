package org.fraction.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fraction.inference.RandomModels.Form;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

  @TempDir Path dir;

  private static ModelSpec model(double density, Form form) {
    RandomModels r = new RandomModels(3, density);
    InputSpec in = new InputSpec(8, 8, 1, 4, new double[] {0.1307}, new double[] {0.3081});
    List<NodeSpec> nodes = new ArrayList<>();
    nodes.add(r.conv("conv", NodeSpec.INPUT, 4, 8, 3, 1, 1, form, Activation.RELU, true));
    nodes.add(new NodeSpec.Pool("pool", "conv", PoolType.MAX, new int[] {2, 2}, new int[] {2, 2}));
    nodes.add(new NodeSpec.Flatten("flat", "pool"));
    nodes.add(r.dense("fc", "flat", 128, 600, form, Activation.RELU, false));
    nodes.add(new NodeSpec.Affine("bn", "fc", r.vector(600), r.vector(600)));
    nodes.add(r.dense("out", "bn", 600, 12, Form.REAL, Activation.IDENTITY, false));
    return new ModelSpec(in, 12, nodes, Map.of("model", "test", "round", 3L, "density", density));
  }

  private static byte[] images(int n) {
    byte[] b = new byte[n * 64];
    new SplittableRandom(4).nextBytes(b);
    return b;
  }

  @Test
  void writesAndReadsBackEveryForm() throws IOException {
    for (Form form : Form.values()) {
      for (double density : new double[] {1.0, 0.05, 0.0}) {
        ModelSpec spec = model(density, form);
        Path file = dir.resolve(form + "-" + density + ".h5");
        ModelFile.write(file, spec);
        ModelSpec back = ModelFile.read(file);
        assertThat(back.metadata()).containsEntry("model", "test").containsEntry("round", 3L);
        assertThat(back.input()).usingRecursiveComparison().isEqualTo(spec.input());
        assertThat(back.weightCounts()).containsExactly(spec.weightCounts());
        for (int i = 0; i < spec.nodes().size(); i++) {
          NodeSpec a = spec.nodes().get(i);
          NodeSpec b = back.nodes().get(i);
          assertThat(b.name()).isEqualTo(a.name());
          assertThat(b.inputs()).isEqualTo(a.inputs());
          if (a instanceof NodeSpec.Dense d) {
            assertThat(InferenceModel.realDense(((NodeSpec.Dense) b).weight()))
                .containsExactly(InferenceModel.realDense(d.weight()));
          }
          if (a instanceof NodeSpec.Convolution c) {
            assertThat(InferenceModel.realDense(((NodeSpec.Convolution) b).weight()))
                .containsExactly(InferenceModel.realDense(c.weight()));
            assertThat(((NodeSpec.Convolution) b).scale()).containsExactly(c.scale());
          }
        }
        float[] want =
            InferenceModel.compile(spec, KernelChoice.Mode.AUTO).session(4).logits(images(4), 0, 4);
        float[] got = InferenceModel.load(file).session(4).logits(images(4), 0, 4);
        assertThat(got).containsExactly(want);
      }
    }
  }

  @Test
  void sparseFilesAreSmallAndBridgeLongRunsOfZeros() throws IOException {
    ModelSpec dense = model(1.0, Form.REAL);
    ModelSpec sparse = model(0.05, Form.REAL);
    ModelSpec quaternion = model(0.05, Form.QUATERNION);
    ModelFile.write(dir.resolve("d.h5"), dense);
    ModelFile.write(dir.resolve("s.h5"), sparse);
    ModelFile.write(dir.resolve("q.h5"), quaternion);
    long d = Files.size(dir.resolve("d.h5"));
    assertThat(Files.size(dir.resolve("s.h5"))).isLessThan(d / 8);
    assertThat(Files.size(dir.resolve("q.h5"))).isLessThan(d / 8);

    float[] values = new float[2000];
    values[0] = 1;
    values[700] = 2;
    values[1999] = 3;
    ModelFile.Encoded e = ModelFile.encode(values, 1);
    int position = -1;
    List<Integer> positions = new ArrayList<>();
    for (int k = 0; k < e.gaps().length; k++) {
      position += e.gaps()[k] & 0xFF;
      if (e.values()[k] != 0f) {
        positions.add(position);
      }
    }
    assertThat(positions).containsExactly(0, 700, 1999);
    assertThat(e.gaps().length).isEqualTo(1 + 3 + 6); // 700 - 0 needs two bridges, 1999 - 700 five
  }

  @Test
  void damagedFilesAreNamedAsSuch() throws IOException {
    Path good = dir.resolve("good.h5");
    ModelFile.write(good, model(0.2, Form.QUATERNION));
    byte[] bytes = Files.readAllBytes(good);

    Path truncated = dir.resolve("truncated.h5");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> InferenceModel.load(truncated))
        .isInstanceOf(ModelFileException.class)
        .hasMessageStartingWith(truncated + ": damaged or not a Fraction model file");

    Path garbage = dir.resolve("garbage.h5");
    byte[] noise = new byte[4096];
    new SplittableRandom(1).nextBytes(noise);
    Files.write(garbage, noise);
    assertThatThrownBy(() -> InferenceModel.load(garbage))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("damaged or not a Fraction model file");

    Path text = dir.resolve("text.h5");
    Files.writeString(text, "name: not a model\n");
    assertThatThrownBy(() -> InferenceModel.load(text)).isInstanceOf(ModelFileException.class);

    // damage bytes all through the file: whatever breaks must be reported as a damaged file
    for (int at = 64; at < bytes.length; at += bytes.length / 50) {
      byte[] copy = bytes.clone();
      copy[at] ^= (byte) 0x5A;
      Path damaged = dir.resolve("damaged.h5");
      Files.write(damaged, copy);
      try {
        InferenceModel.load(damaged).session(2).logits(images(2), 0, 2);
      } catch (ModelFileException expected) {
        assertThat(expected.getMessage()).startsWith(damaged + ": ");
      }
    }

    assertThatThrownBy(() -> InferenceModel.load(dir.resolve("missing.h5")))
        .isInstanceOf(ModelFileException.class)
        .hasMessageEndingWith("no such model file");
  }
}

package org.fraction.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.data.ImageEncoder;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.train.BuiltNetwork;
import org.fraction.inference.InferenceModel;
import org.fraction.inference.KernelChoice;
import org.fraction.inference.ModelSpec;
import org.fraction.inference.NodeSpec;
import org.fraction.inference.Session;
import org.fraction.inference.Weight;
import org.fraction.spi.data.DatasetInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every model family, real and quaternion, pruned whole-quaternion and entry by entry: the exported
 * model gives the training graph's class scores, with every kernel.
 */
class ExportEquivalenceTest {

  @TempDir Path dir;

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of(
            "lenet-300-100", "real", "global-magnitude", "height: 12, width: 12, channels: 1", ""),
        Arguments.of(
            "lenet-300-100",
            "quaternion",
            "quaternion-magnitude",
            "height: 12, width: 12, channels: 1",
            ""),
        Arguments.of(
            "lenet-300-100",
            "quaternion",
            "global-magnitude",
            "height: 6, width: 6, channels: 3",
            ""),
        Arguments.of("conv-4", "real", "layer-magnitude", "height: 8, width: 8, channels: 3", ""),
        Arguments.of(
            "conv-2", "quaternion", "quaternion-magnitude", "height: 8, width: 8, channels: 3", ""),
        Arguments.of(
            "conv-2", "quaternion", "global-magnitude", "height: 6, width: 6, channels: 1", ""),
        Arguments.of(
            "resnet-18", "real", "global-magnitude", "height: 8, width: 8, channels: 3", ""),
        Arguments.of(
            "resnet-18",
            "quaternion",
            "quaternion-magnitude",
            "height: 8, width: 8, channels: 3",
            ", head: real"));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("models")
  void exportedScoresEqualTheTrainingGraphs(
      String model, String algebra, String pruning, String shape, String modelKeys)
      throws Exception {
    Trial trial =
        Tickets.trial(
            """
            name: equivalence
            seed: 3
            dataset: {type: synthetic, %s, classes: 8, train: 16, test: 16}
            model: {type: %s, algebra: %s%s}
            training: {epochs: 1, batch-size: 8, optimizer: {type: adam, lr: 1.0e-3}}
            pruning: {type: %s, keep: 0.3, rounds: 1}
            """
                .formatted(shape, model, algebra, modelKeys, pruning));
    BuiltNetwork net = Tickets.build(trial);
    Path trialDir = Tickets.store(trial, net, 0.3, dir, 5);

    TrialRound round = TrialRound.read(trialDir, null, Tickets.loader(), message -> {});
    assertThat(round.round()).isEqualTo(1);
    Path file = dir.resolve("model.h5");
    ModelExport.Result result = ModelExport.export(round, file, new DataCache(m -> {}));
    ModelSpec spec = result.spec();
    boolean whole = pruning.equals("quaternion-magnitude");
    if (algebra.equals("quaternion")) {
      assertThat(spec.nodes())
          .anySatisfy(
              n ->
                  assertThat(weightOf(n))
                      .isInstanceOf(
                          whole ? Weight.Quaternion.class : Weight.QuaternionComponents.class));
    }
    assertThat(spec.nodes()).noneMatch(n -> n instanceof NodeSpec.Affine); // batch norm folded
    assertThat(spec.nodes()).noneMatch(n -> n instanceof NodeSpec.Activate); // activations merged

    DatasetInfo info = round.info();
    int images = 6;
    byte[] pixels = new byte[images * info.shape().pixels()];
    new SplittableRandom(9).nextBytes(pixels);
    ImageEncoder encoder = new ImageEncoder(info.shape(), round.input(), null, null);
    float[] encoded = new float[images * round.input().pixels()];
    for (int b = 0; b < images; b++) {
      encoder.encode(pixels, b * info.shape().pixels(), encoded, b * round.input().pixels());
    }
    INDArray features =
        Nd4j.create(
            encoded,
            new long[] {
              images, round.input().channels(), round.input().height(), round.input().width()
            },
            'c');
    INDArray want = Tickets.logits(net, features);
    boolean large = model.startsWith("resnet");
    for (KernelChoice.Mode mode : KernelChoice.Mode.values()) {
      InferenceModel exported = InferenceModel.load(file, mode);
      // every kernel on one image and on a batch; the ResNets' kernels only on the batch, as chosen
      // for one image
      for (int batch :
          large ? new int[] {mode == KernelChoice.Mode.AUTO ? 1 : images} : new int[] {1, images}) {
        Session session = exported.session(batch);
        float[] got = new float[images * info.classes()];
        for (int b = 0; b < images; b += batch) {
          System.arraycopy(
              session.logits(pixels, b * info.shape().pixels(), batch),
              0,
              got,
              b * info.classes(),
              batch * info.classes());
        }
        for (double e : Tickets.relativeErrors(got, want)) {
          assertThat(e).as("%s batch %d", mode, batch).isLessThan(1e-4);
        }
        assertThat(Session.argmax(got, info.classes()))
            .containsExactly(want.argMax(1).toIntVector());
      }
    }
  }

  private static Weight weightOf(NodeSpec n) {
    return n instanceof NodeSpec.Dense d
        ? d.weight()
        : n instanceof NodeSpec.Convolution c ? c.weight() : null;
  }
}

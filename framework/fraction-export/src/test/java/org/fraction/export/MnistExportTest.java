package org.fraction.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.data.ExampleCursor;
import org.fraction.engine.data.ExampleSet;
import org.fraction.engine.data.ImageEncoder;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.testing.RealData;
import org.fraction.engine.train.BuiltNetwork;
import org.fraction.engine.train.TrialObserver;
import org.fraction.engine.train.TrialRunner;
import org.fraction.inference.InferenceModel;
import org.fraction.inference.KernelChoice;
import org.fraction.inference.Session;
import org.fraction.spi.model.InputShape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A pruned LeNet-300-100 trained on real MNIST (one epoch per round, rounds 0 and 1), exported: on
 * all 10,000 test images the exported model predicts what the masked training model predicts, with
 * class scores within 1e-4 of them (relative to each image's largest score), for each kernel.
 */
class MnistExportTest {

  @TempDir Path dir;

  @BeforeEach
  void data() {
    System.setProperty("fraction.data", dir.resolve("data").toString());
    System.setProperty("fraction.data.mirror", RealData.requireMirror().toString());
  }

  @AfterEach
  void clear() {
    System.clearProperty("fraction.data");
    System.clearProperty("fraction.data.mirror");
  }

  @ParameterizedTest(name = "{0} LeNet-300-100, {1}")
  @CsvSource({"real, global-magnitude", "quaternion, quaternion-magnitude"})
  void exportedPredictionsEqualTheTrainingModels(String algebra, String pruning) throws Exception {
    WorkflowLoader loader = Tickets.loader();
    Path workflow = dir.resolve("mnist.yaml");
    Files.writeString(
        workflow,
        """
        name: mnist-export
        seed: 21
        dataset: {type: mnist}
        model: {type: lenet-300-100, algebra: %s}
        training: {epochs: 1, batch-size: 60, optimizer: {type: adam, lr: 1.2e-3}}
        pruning: {type: %s, keep: 0.2, rounds: 1}
        """
            .formatted(algebra, pruning));
    Trial trial = loader.load(workflow, List.of()).trials().get(0);
    RunStore store = new RunStore(dir.resolve("runs"));
    DataCache cache = new DataCache(m -> {});
    new TrialRunner.Factory(Clock.systemUTC())
        .create(trial, store, cache, new TrialObserver() {})
        .run();

    TrialRound round =
        TrialRound.read(store.trial(trial.name(), trial.id()).path(), 1, loader, message -> {});
    Path file = dir.resolve(algebra + ".h5");
    ModelExport.Result exported = ModelExport.export(round, file, new DataCache(m -> {}));

    // the masked training model: the trial's network holding the round's weights
    BuiltNetwork net = Tickets.build(trial);
    net.setParameters(round.data().weights());
    ExampleSet test = cache.get(trial.settings().dataset()).test();
    InputShape data = round.info().shape();
    int n = (int) test.size();
    byte[] pixels = new byte[n * data.pixels()];
    int[] labels = new int[n];
    try (ExampleCursor cursor = test.open(null)) {
      for (int i = 0; i < n; i++) {
        labels[i] = cursor.next(pixels, i * data.pixels());
      }
    }
    int classes = round.info().classes();
    float[] want = new float[n * classes];
    ImageEncoder encoder = new ImageEncoder(data, round.input(), null, null);
    int chunk = 500;
    float[] encoded = new float[chunk * round.input().pixels()];
    for (int from = 0; from < n; from += chunk) {
      for (int b = 0; b < chunk; b++) {
        encoder.encode(pixels, (from + b) * data.pixels(), encoded, b * round.input().pixels());
      }
      INDArray features =
          Nd4j.create(
              encoded,
              new long[] {
                chunk, round.input().channels(), round.input().height(), round.input().width()
              },
              'c');
      float[] logits = Tickets.logits(net, features).dup('c').data().asFloat();
      System.arraycopy(logits, 0, want, from * classes, logits.length);
    }
    int[] wantClass = Session.argmax(want, classes);
    long correct = 0;
    for (int i = 0; i < n; i++) {
      correct += wantClass[i] == labels[i] ? 1 : 0;
    }
    // the training model's accuracy is the one the round recorded
    assertThat((double) correct / n).isEqualTo(round.data().number("test_accuracy"));

    List<String> lines = new ArrayList<>();
    for (KernelChoice.Mode mode : KernelChoice.Mode.values()) {
      InferenceModel model = InferenceModel.load(file, mode);
      for (int batch : new int[] {1, 64}) {
        Session session = model.session(batch);
        float[] got = new float[n * classes];
        for (int from = 0; from < n; from += batch) {
          int count = Math.min(batch, n - from);
          System.arraycopy(
              session.logits(pixels, from * data.pixels(), count),
              0,
              got,
              from * classes,
              count * classes);
        }
        assertThat(Session.argmax(got, classes))
            .as("%s batch %d", mode, batch)
            .containsExactly(wantClass);
        double worst = 0;
        for (int i = 0; i < n; i++) {
          double diff = 0;
          double scale = 0;
          for (int c = 0; c < classes; c++) {
            diff = Math.max(diff, Math.abs(got[i * classes + c] - want[i * classes + c]));
            scale = Math.max(scale, Math.abs(want[i * classes + c]));
          }
          worst = Math.max(worst, diff / scale);
        }
        assertThat(worst).as("%s batch %d", mode, batch).isLessThan(1e-4);
        lines.add(
            String.format("%s batch %d: largest relative difference %.2e", mode, batch, worst));
      }
    }
    System.out.printf(
        "%s lenet-300-100, round 1 (%s, density %.3f): test accuracy %.4f; exported %d of %d"
            + " weights in %d bytes; same top-1 on all %d test images; %s%n",
        algebra,
        pruning,
        round.data().number("density"),
        (double) correct / n,
        exported.nonZeros(),
        exported.weights(),
        exported.bytes(),
        n,
        String.join("; ", lines));
  }
}

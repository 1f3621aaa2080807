package org.fraction.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.settings.TrainingSettings;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.engine.workflow.Position;
import org.fraction.engine.workflow.Problem;
import org.fraction.engine.workflow.Problems;
import org.fraction.engine.workflow.WorkflowException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch must fit the training split, one Java array and a quarter of the heap. */
class BatchSizeCheckTest {

  @TempDir Path dir;
  final Plugins plugins = Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());
  static final Position AT = new Position("w.yaml", 7, 15);

  WorkflowSettings settings(int batch) throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("w.yaml"),
            """
name: big
dataset: {type: synthetic, height: 256, width: 256, channels: 3, classes: 3, train: 100000}
model: {type: tiny-mlp, hidden: 8}
training:
  epochs: 1
  batch-size: %d
  optimizer: {type: momentum, lr: 0.1}
"""
                .formatted(batch));
    return new WorkflowLoader(plugins, Map.<String, String>of()::get)
        .load(f, List.of())
        .trials()
        .get(0)
        .settings();
  }

  /** The settings with another batch size, unchecked (loading checks against this JVM's heap). */
  WorkflowSettings withBatch(int batch) throws IOException {
    WorkflowSettings s = settings(16);
    TrainingSettings t = s.training();
    return new WorkflowSettings(
        s.name(),
        s.description(),
        s.seed(),
        s.dataset(),
        s.model(),
        new TrainingSettings(t.epochs(), batch, t.optimizer(), t.schedule(), t.evalBatchSize()),
        s.pruning(),
        s.controls());
  }

  List<String> problems(WorkflowSettings s, long heapBytes) {
    Problems problems = new Problems();
    BatchSizeCheck.check(s, AT, heapBytes, problems);
    return problems.list().stream().map(Problem::toString).toList();
  }

  @Test
  void aBatchWithinTheSplitAndAQuarterOfTheHeapPasses() throws IOException {
    // 256 * 256 * 3 pixels and 3 labels: 786,444 bytes an image; a quarter of 1 GiB holds 341
    assertThat(problems(withBatch(341), 1L << 30)).isEmpty();
  }

  @Test
  void aBatchOverAQuarterOfTheHeapNamesTheLimit() throws IOException {
    assertThat(problems(withBatch(1000), 1L << 30))
        .containsExactly(
            "w.yaml:7:15: training.batch-size: a batch of 1,000 256x256x3 images takes 750 MiB of"
                + " floats; this JVM (a 1,024 MiB heap) takes at most 341 per batch; lower it, or"
                + " raise -Xmx in FRACTION_JAVA_OPTS");
  }

  @Test
  void aBatchOverOneJavaArrayIsRefusedWhateverTheHeap() throws IOException {
    // (2^31 - 9) / 196,608 floats an image = 10,922 images
    assertThat(problems(withBatch(10_923), 1L << 40))
        .singleElement()
        .asString()
        .contains("takes at most 10,922 per batch");
  }

  @Test
  void aBatchLargerThanTheTrainingSplitIsRefusedWhenTheWorkflowIsLoaded() throws IOException {
    WorkflowException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            WorkflowException.class, () -> settings(1_000_000_000));
    assertThat(e.problems().stream().map(Problem::toString))
        .containsExactly(
            dir.resolve("w.yaml")
                + ":6:15: training.batch-size: 1,000,000,000 is more than the 100,000 images of"
                + " synthetic's training split");
  }
}

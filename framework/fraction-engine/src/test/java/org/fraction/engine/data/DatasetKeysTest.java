package org.fraction.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.settings.DatasetKeys;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.engine.workflow.Problem;
import org.fraction.engine.workflow.WorkflowException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset block's engine keys: normalize and augment. */
class DatasetKeysTest {

  @TempDir Path dir;
  final Plugins plugins = Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());

  private Object load(String dataset) throws Exception {
    Path f = dir.resolve("w.yaml");
    Files.writeString(
        f,
        "name: k\ndataset: "
            + dataset
            + "\nmodel: {type: tiny-mlp}\n"
            + "training: {epochs: 1, batch-size: 8, optimizer: {type: momentum}}\n");
    try {
      return new WorkflowLoader(plugins)
          .load(f, List.of())
          .trials()
          .get(0)
          .settings()
          .dataset()
          .engine();
    } catch (WorkflowException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
  }

  @Test
  void defaultsAreNoNormalisationAndNoAugmentation() throws Exception {
    DatasetKeys keys = (DatasetKeys) load("{type: synthetic}");
    assertThat(keys.normalize()).isEqualTo(DatasetKeys.Normalize.NONE);
    assertThat(keys.augment().isNone()).isTrue();
    assertThat(Augmentation.of(keys.augment())).isEmpty();
  }

  @Test
  void bindsNormalizeAndAugment() throws Exception {
    DatasetKeys keys =
        (DatasetKeys)
            load("{type: synthetic, normalize: computed, augment: {crop-padding: 4, flip: true}}");
    assertThat(keys.normalize()).isEqualTo(DatasetKeys.Normalize.COMPUTED);
    assertThat(keys.augment()).isEqualTo(new DatasetKeys.Augment(4, true));
    assertThat(Augmentation.of(keys.augment())).hasSize(2).first().isInstanceOf(RandomCrop.class);
  }

  @Test
  void badValuesAreNamedWithTheirPlace() throws Exception {
    assertThat(load("{type: synthetic, augment: {crop-padding: -1}}"))
        .asString()
        .contains("w.yaml:2:")
        .contains("dataset.augment.crop-padding: must be >= 0, got -1");
    assertThat(load("{type: synthetic, augment: {flop: true}}"))
        .asString()
        .contains("flop")
        .contains("flip");
    assertThat(load("{type: synthetic, normalize: standard}"))
        .asString()
        .contains("dataset.normalize")
        .contains("none")
        .contains("published")
        .contains("computed");
  }
}

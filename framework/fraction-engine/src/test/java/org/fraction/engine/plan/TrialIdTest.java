package org.fraction.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.testing.TestPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialIdTest {

  @TempDir Path dir;

  private String id(String workflow, String... overrides) throws Exception {
    Path file = dir.resolve("w.yaml");
    Files.writeString(file, workflow);
    Plugins plugins = Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());
    return new WorkflowLoader(plugins).load(file, List.of(overrides)).trials().get(0).id();
  }

  private static final String BASE =
      """
      name: ids
      seed: 3
      dataset: {type: synthetic}
      model: {type: tiny-mlp}
      training: {epochs: 1, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
      """;

  @Test
  void settingsThatDifferFromDefaultsChangeTheId() throws Exception {
    String base = id(BASE);
    assertThat(id(BASE, "seed=4")).isNotEqualTo(base);
    assertThat(id(BASE, "training.epochs=2")).isNotEqualTo(base);
    assertThat(id(BASE, "model.hidden=8")).isNotEqualTo(base);
    assertThat(id(BASE, "training.optimizer.lr=0.1")).isNotEqualTo(base);
  }

  @Test
  void spellingOutADefaultKeepsTheId() throws Exception {
    assertThat(id(BASE, "model.hidden=16")).isEqualTo(id(BASE));
    assertThat(id(BASE, "name=other")).isEqualTo(id(BASE));
  }
}

package org.fraction.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.settings.MaskSource;
import org.fraction.engine.testing.TestPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A matrix over whole blocks (one pruning method per trial) binds each block and names it as
 * written.
 */
class MatrixChoicesTest {

  @TempDir Path dir;

  @Test
  void aMatrixOfPruningBlocksGivesOneTrialPerBlock() throws Exception {
    Path file = dir.resolve("w.yaml");
    Files.writeString(
        file,
        """
        name: methods
        dataset: {type: synthetic}
        model: {type: tiny-mlp}
        training: {epochs: 1, batch-size: 32, optimizer: {type: momentum}}
        pruning: {type: smallest-first, keep: 0.5, rounds: 1}
        matrix:
          pruning:
            - {type: smallest-first, keep: 0.5, rounds: 2}
            - {type: smallest-first, keep: 0.5, rounds: 2, mask-source: init}
        """);
    List<Trial> trials =
        new WorkflowLoader(Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader()))
            .load(file, List.of())
            .trials();
    assertThat(trials)
        .extracting(t -> t.settings().pruning().engine().maskSource())
        .containsExactly(MaskSource.TRAINED, MaskSource.INIT);
    assertThat(trials).extracting(t -> t.settings().rounds()).containsExactly(2, 2);
    assertThat(trials.get(1).choices())
        .containsEntry(
            "pruning", "{type: smallest-first, keep: 0.5, rounds: 2, mask-source: init}");
  }
}

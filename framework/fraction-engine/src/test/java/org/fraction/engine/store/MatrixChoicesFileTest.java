package org.fraction.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fraction.spi.data.BadDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixChoicesFileTest {

  @TempDir Path dir;

  @Test
  void readsBackTheValuesAsWrittenInTheirOrder() throws Exception {
    TrialDirectory trial = new TrialDirectory(dir);
    Map<String, String> choices = new LinkedHashMap<>();
    choices.put("pruning.type", "global-magnitude");
    choices.put("training.optimizer.lr", "1.2e-3");
    choices.put("model.algebra", "quaternion");
    choices.put("training.schedule", "{type: step, milestones: [10, 12]}");
    choices.put("seed", "007");
    MatrixChoices.write(trial, choices);

    assertThat(MatrixChoices.read(trial)).containsExactlyEntriesOf(choices);
  }

  @Test
  void aTrialWithoutAMatrixHasNoFileAndNoChoices() throws Exception {
    TrialDirectory trial = new TrialDirectory(dir);
    MatrixChoices.write(trial, Map.of());
    assertThat(dir.resolve(MatrixChoices.FILE)).doesNotExist();
    assertThat(MatrixChoices.read(trial)).isEmpty();
  }

  @Test
  void aDamagedFileIsBadDataNamingIt() throws Exception {
    Files.writeString(dir.resolve(MatrixChoices.FILE), "[not: a map");
    assertThatThrownBy(() -> MatrixChoices.read(new TrialDirectory(dir)))
        .isInstanceOf(BadDataException.class)
        .hasMessageContaining(dir.resolve(MatrixChoices.FILE).toString());
  }
}

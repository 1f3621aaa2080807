package org.fraction.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  @TempDir Path dir;

  @Test
  void callsSurviveReopeningInOrderWithNaNAndExactValues() throws Exception {
    Op start = new Op.StartRun("trial", null, "t", Map.of(Tags.KEY, "abc"), 1L);
    Op metrics =
        new Op.LogMetrics(
            "round-0",
            List.of(
                new Op.Point("train_loss", Double.NaN, 1, 2L),
                new Op.Point("test_accuracy", 0.1 + 0.2, 1, 2L)));
    Op upload = new Op.Upload("trial", "round-0.h5", "rounds");
    Op status = new Op.SetStatus("trial", "KILLED", 3L);
    try (Journal j = Journal.open(dir)) {
      for (Op op : List.of(start, metrics, upload, status)) {
        j.append(op);
      }
    }
    try (Journal j = Journal.open(dir)) {
      assertThat(j.ops()).hasSize(4);
      assertThat(j.get(0)).isEqualTo(start);
      Op.LogMetrics read = (Op.LogMetrics) j.get(1);
      assertThat(read.points().get(0).value()).isNaN();
      assertThat(read.points().get(1).value()).isEqualTo(0.1 + 0.2);
      assertThat(j.get(2)).isEqualTo(upload);
      assertThat(j.get(3)).isEqualTo(status);
    }
  }

  @Test
  void aLastLineCutShortByACrashIsDroppedAndAnUnreadableLineIsKeptInPlace() throws Exception {
    try (Journal j = Journal.open(dir)) {
      j.append(new Op.SetStatus("trial", "RUNNING", 1L));
    }
    Files.writeString(
        dir.resolve(Journal.FILE),
        "{\"op\":\"nonsense\"}\n{\"op\":\"set-status\",\"ru",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    try (Journal j = Journal.open(dir)) {
      assertThat(j.size()).isEqualTo(2);
      assertThat(j.get(1)).isInstanceOf(Op.Unreadable.class);
      j.append(new Op.SetStatus("trial", "FINISHED", 2L));
    }
    List<String> lines = Files.readAllLines(dir.resolve(Journal.FILE));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2))
        .isEqualTo("{\"op\":\"set-status\",\"run\":\"trial\",\"status\":\"FINISHED\",\"time\":2}");
  }

  @Test
  void oneHolderAtATime() throws Exception {
    try (Journal j = Journal.open(dir)) {
      assertThatThrownBy(() -> Journal.open(dir))
          .isInstanceOf(Journal.Busy.class)
          .hasMessageContaining("in use by another process");
    }
    Journal.open(dir).close();
  }

  @Test
  void filesInsideTheDirectoryAreNamedRelativeToIt() throws Exception {
    try (Journal j = Journal.open(dir)) {
      assertThat(j.name(dir.resolve("round-2.h5"))).isEqualTo("round-2.h5");
      Path outside = dir.getParent().resolve("plot.png").toAbsolutePath();
      assertThat(j.name(outside)).isEqualTo(outside.toString());
      assertThat(j.resolve("round-2.h5")).isEqualTo(dir.resolve("round-2.h5"));
    }
  }
}

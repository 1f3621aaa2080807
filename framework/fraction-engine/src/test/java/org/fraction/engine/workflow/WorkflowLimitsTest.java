package org.fraction.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.testing.TestPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflows too large to be meant are refused with a message before any work is done on them. */
class WorkflowLimitsTest {

  @TempDir Path dir;
  final Plugins plugins = Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());

  List<String> problems(WorkflowLoader loader, Path file) {
    WorkflowException e =
        catchThrowableOfType(WorkflowException.class, () -> loader.load(file, List.of()));
    assertThat(e).as("a problem is reported").isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedByItsSize() throws IOException {
    Path file = dir.resolve("huge.yaml");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(WorkflowLoaderTest.VALID);
      out.write("description: ");
      char[] chunk = new char[1 << 20];
      java.util.Arrays.fill(chunk, 'x');
      for (int i = 0; i < 50; i++) {
        out.write(chunk);
      }
      out.write("\n");
    }
    long size = Files.size(file);
    assertThat(problems(new WorkflowLoader(plugins, Map.<String, String>of()::get), file))
        .containsExactly(
            file
                + ": is "
                + String.format(java.util.Locale.ROOT, "%,d", size)
                + " bytes; a workflow file may hold at most 1,048,576 (1 MiB)");
  }
}

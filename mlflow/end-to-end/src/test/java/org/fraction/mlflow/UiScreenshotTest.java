package org.fraction.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.fraction.engine.plan.Trial;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees: the MLflow UI's experiment page in headless Chromium, saved as a screenshot
 * ({@code mlflow/end-to-end/target/mlflow-ui/experiment.png}) with the page's DOM beside it, which
 * must show every trial's run, and the same page's charts of the per-round metrics against the
 * round ({@code experiment-charts.png}).
 */
class UiScreenshotTest {

  @TempDir Path dir;

  static Path chromium() {
    String configured = System.getenv("FRACTION_CHROMIUM");
    List<String> candidates =
        configured != null ? List.of(configured) : List.of("chromium", "chromium-browser");
    for (String c : candidates) {
      Path p = Path.of(c);
      if (p.isAbsolute() && Files.isExecutable(p)) {
        return p;
      }
      for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        Path q = Path.of(d, c);
        if (Files.isExecutable(q)) {
          return q;
        }
      }
    }
    String message = "no chromium on PATH (scripts/setup installs it)";
    if (System.getenv("CI") != null) {
      fail(message);
    }
    Assumptions.abort(message);
    return null;
  }

  /** Runs headless Chromium on the page with extra flags; returns what it printed. */
  private String browse(Path chromium, String url, String... flags) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile"),
                "--window-size=1600,1000",
                "--virtual-time-budget=30000"));
    command.addAll(List.of(flags));
    command.add(url);
    Path output = Files.createTempFile(dir, "chromium", ".out");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(output.toFile())
            .redirectError(dir.resolve("chromium.err").toFile())
            .start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("chromium did not finish within 180 s");
    }
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  @Test
  void theExperimentPageShowsEveryTrial() throws Exception {
    String uri = Servers.shared();
    Path chromium = chromium();
    String name = "ui-" + UUID.randomUUID().toString().substring(0, 8);
    WorkflowRun.Result result =
        new WorkflowRun(dir.resolve("work"), Map.of("MLFLOW_TRACKING_URI", uri))
            .run(WorkflowRun.workflow(name, "matrix: {model.hidden: [8, 12]}\n"));
    assertThat(result.undelivered()).isEmpty();
    String experiment = new MlflowRest(uri).experimentId(name);
    String url = uri + "/#/experiments/" + experiment;

    Path out = Files.createDirectories(Path.of("target", "mlflow-ui"));
    Path png = out.resolve("experiment.png").toAbsolutePath();
    Files.deleteIfExists(png);
    browse(chromium, url, "--screenshot=" + png);
    String dom = browse(chromium, url, "--dump-dom");
    Files.writeString(out.resolve("experiment.html"), dom);

    Path charts = out.resolve("experiment-charts.png").toAbsolutePath();
    Files.deleteIfExists(charts);
    browse(chromium, url + "?compareRunsMode=CHART", "--screenshot=" + charts);

    assertThat(png).exists();
    assertThat(Files.size(png)).isGreaterThan(10_000);
    assertThat(Files.size(charts)).as("the per-round charts").isGreaterThan(10_000);
    assertThat(dom).contains(name);
    for (Trial trial : result.plan().trials()) {
      String algebra = trial.settings().model().engine().algebra().id();
      assertThat(dom)
          .as("the run of trial " + trial.id())
          .contains(trial.id() + " tiny-mlp " + algebra)
          .contains(trial.id() + "/random-reinit tiny-mlp " + algebra);
    }
  }
}

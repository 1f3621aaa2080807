package org.fraction.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.engine.workflow.WorkflowException;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;
import org.fraction.spi.model.Model;
import org.fraction.spi.model.ModelContext;
import org.fraction.spi.model.Network;
import org.fraction.spi.settings.InvalidSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model that cannot be built is blamed on the key the failure names, whatever its wording. */
class TrialChecksTest {

  /** Models whose build always fails, one without a key and one naming its own {@code depth}. */
  static final class RefusingModels extends PluginModule {
    record Settings(Integer depth) {}

    @Override
    public String pluginName() {
      return "refusing";
    }

    @Override
    protected void registerTypes() {
      register(
          Kinds.MODEL,
          "no-variant",
          Settings.class,
          s ->
              (Model)
                  ctx -> {
                    throw new IllegalArgumentException(
                        "there is no variant of this net for " + ctx.classes() + " classes");
                  },
          "always fails");
      register(
          Kinds.MODEL,
          "deep-only",
          Settings.class,
          s ->
              new Model() {
                @Override
                public Network build(ModelContext ctx) {
                  throw new InvalidSetting("depth", "must be at least 50, got " + s.depth());
                }
              },
          "fails naming depth");
    }
  }

  @TempDir Path dir;
  final Plugins plugins =
      Plugins.of(List.of(new TestPlugin(), new RefusingModels()), getClass().getClassLoader());

  List<String> problems(String model) throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("w.yaml"),
            """
            name: demo
            dataset: {type: synthetic, classes: 3}
            model: %s
            training: {epochs: 1, batch-size: 16, optimizer: {type: momentum, lr: 0.1}}
            """
                .formatted(model));
    WorkflowPlan plan = new WorkflowLoader(plugins).load(f, List.of());
    try {
      TrialChecks.check(plan);
    } catch (WorkflowException e) {
      return e.problems().stream().map(p -> p.toString().replace(dir + "/", "")).toList();
    }
    throw new AssertionError("no problems reported");
  }

  @Test
  void aMissingAlgebraIsBlamedOnAlgebra() throws IOException {
    assertThat(problems("{type: tiny-mlp, algebra: quaternion}"))
        .containsExactly(
            "w.yaml:3:34: model.algebra: this model has no quaternion variant; it supports [real]");
  }

  @Test
  void aFailureMentioningAVariantIsStillBlamedOnTheType() throws IOException {
    assertThat(problems("{type: no-variant}"))
        .containsExactly("w.yaml:3:15: model.type: there is no variant of this net for 3 classes");
  }

  @Test
  void aFailureNamingItsKeyIsBlamedOnThatKey() throws IOException {
    assertThat(problems("{type: deep-only, depth: 18}"))
        .containsExactly("w.yaml:3:33: model.depth: must be at least 50, got 18");
  }
}

package org.fraction.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.settings.Rewind;
import org.fraction.engine.testing.TestPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowLoaderTest {

  static final String VALID =
      """
      name: demo
      seed: 5
      dataset: {type: synthetic, classes: 3}
      model: {type: tiny-mlp, hidden: 8}
      training:
        epochs: 2
        batch-size: 16
        optimizer: {type: momentum, lr: 0.1}
      pruning:
        type: smallest-first
        keep: 0.8
        rounds: 3
        rewind: 5it
      """;

  @TempDir Path dir;
  final Plugins plugins = Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());

  Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  WorkflowPlan load(String text, String... sets) throws IOException {
    return new WorkflowLoader(plugins, Map.of("HOME_DATA", "/data")::get)
        .load(write("w.yaml", text), List.of(sets));
  }

  List<String> problems(String text, String... sets) {
    try {
      load(text, sets);
    } catch (WorkflowException e) {
      return e.problems().stream().map(Problem::toString).toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no problems reported");
  }

  @Test
  void bindsEveryKeyWithDefaults() throws IOException {
    Trial t = load(VALID).trials().get(0);
    assertThat(t.settings().seed()).isEqualTo(5L);
    assertThat(t.settings().training().epochs()).isEqualTo(2);
    assertThat(t.settings().training().evalBatchSize()).isEqualTo(100);
    assertThat(t.settings().pruning().engine().rewind())
        .isEqualTo(new Rewind(5, Rewind.Unit.ITERATIONS));
    assertThat(t.settings().pruning().engine().exclude()).isEmpty();
    assertThat(t.settings().training().schedule()).isNull();
    assertThat(t.id()).matches("[0-9a-f]{8}");
  }

  @Test
  void misspeltKeyIsReportedWithPositionAndSuggestion() {
    List<String> p = problems(VALID.replace("batch-size", "bach-size"));
    assertThat(p).hasSize(2);
    assertThat(p)
        .anySatisfy(
            s ->
                assertThat(s)
                    .contains(
                        "w.yaml:7:3: training.bach-size: unknown key (did you mean"
                            + " 'batch-size'?)"));
    assertThat(p).anySatisfy(s -> assertThat(s).contains("training.batch-size: is required"));
  }

  @Test
  void outOfRangeValueNamesLineColumnAndKey() {
    assertThat(problems(VALID.replace("keep: 0.8", "keep: 1.5")))
        .containsExactly(dir.resolve("w.yaml") + ":11:9: pruning.keep: must be in (0, 1), got 1.5");
  }

  @Test
  void unknownTypeListsKnownTypes() {
    assertThat(problems(VALID.replace("type: smallest-first", "type: smallest-frist")))
        .containsExactly(
            dir.resolve("w.yaml")
                + ":10:9: pruning.type: unknown pruning type 'smallest-frist'"
                + " (did you mean 'smallest-first'?); known: smallest-first");
  }

  @Test
  void everyProblemOfTheFileIsReportedTogether() {
    String broken =
        VALID
            .replace("keep: 0.8", "keep: 2")
            .replace("epochs: 2", "epochs: two")
            .replace("seed: 5", "sed: 5");
    List<String> p = problems(broken);
    assertThat(p).hasSize(3);
    assertThat(p.get(0)).contains(":2:1: sed: unknown key (did you mean 'seed'?)");
    assertThat(p.get(1)).contains(":6:11: training.epochs: must be a whole number, got 'two'");
    assertThat(p.get(2)).contains(":11:9: pruning.keep: must be in (0, 1), got 2");
  }

  @Test
  void wrongTypesAndShapesAreReported() {
    assertThat(problems(VALID.replace("model: {type: tiny-mlp, hidden: 8}", "model: [tiny-mlp]")))
        .anySatisfy(s -> assertThat(s).contains("model: must be a mapping with a type"));
    assertThat(problems(VALID + "controls: random-reinit\n"))
        .anySatisfy(s -> assertThat(s).contains("controls: must be a list"));
    assertThat(problems(VALID + "controls: [random-reinti]\n"))
        .anySatisfy(
            s ->
                assertThat(s)
                    .contains(
                        "controls[0]: must be one of random-reinit, random-prune, got"
                            + " 'random-reinti' (did you mean 'random-reinit'?)"));
    assertThat(problems(VALID.replace("rewind: 5it", "rewind: 5 steps")))
        .anySatisfy(
            s ->
                assertThat(s)
                    .contains("pruning.rewind: must be init, <N>it (steps) or <N>ep (epochs)"));
  }

  @Test
  void yamlSyntaxErrorsAndMissingFilesAreProblemsToo() throws IOException {
    assertThat(problems("name: [unclosed\n"))
        .singleElement()
        .asString()
        .contains("w.yaml:")
        .contains("not valid YAML");
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> new WorkflowLoader(plugins).load(missing, List.of()))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining("nope.yaml: no such file");
    assertThat(problems(VALID + "seed: 6\n"))
        .singleElement()
        .asString()
        .contains("seed: duplicate key (first at line 2)");
  }

  @Test
  void matrixExpandsToTheCartesianProductInWrittenOrder() throws IOException {
    WorkflowPlan plan =
        load(
            VALID
                + """
                  matrix:
                    seed: [1, 2]
                    model.hidden: [4, 8, 16]
                  """);
    assertThat(plan.trials()).hasSize(6);
    assertThat(plan.trials().stream().map(t -> t.choices().toString()).toList())
        .containsExactly(
            "{seed=1, model.hidden=4}",
            "{seed=1, model.hidden=8}",
            "{seed=1, model.hidden=16}",
            "{seed=2, model.hidden=4}",
            "{seed=2, model.hidden=8}",
            "{seed=2, model.hidden=16}");
    assertThat(plan.trials().stream().map(Trial::id).distinct()).hasSize(6);
  }

  @Test
  void matrixProblemsPointAtTheMatrixValue() {
    assertThat(problems(VALID + "matrix:\n  pruning.keep: [0.5, 3]\n"))
        .containsExactly(dir.resolve("w.yaml") + ":15:23: pruning.keep: must be in (0, 1), got 3");
    assertThat(problems(VALID + "matrix:\n  seed: 4\n"))
        .singleElement()
        .asString()
        .contains("matrix.seed: must be a non-empty list");
  }

  @Test
  void overridesApplyDottedKeysAsYamlValues() throws IOException {
    Trial t = load(VALID, "training.epochs=7", "pruning.exclude=[out]").trials().get(0);
    assertThat(t.settings().training().epochs()).isEqualTo(7);
    assertThat(t.settings().pruning().engine().exclude()).containsExactly("out");
  }

  @Test
  void overrideProblemsNameTheOption() {
    assertThat(problems(VALID, "training.epochs=-1"))
        .containsExactly("--set training.epochs=-1: training.epochs: must be > 0, got -1");
    assertThat(problems(VALID, "epochs"))
        .containsExactly("--set epochs: must be key=value, e.g. training.epochs=3");
  }

  @Test
  void environmentVariablesAreSubstituted() throws IOException {
    assertThat(load(VALID.replace("name: demo", "name: d${UNSET:-emo}")).trials().get(0).name())
        .isEqualTo("demo");
    assertThat(
            load(VALID.replace(
                    "dataset: {type: synthetic, classes: 3}",
                    "dataset: {type: synthetic, classes: 3}\ndescription: ${HOME_DATA}/x $$5"))
                .trials()
                .get(0)
                .settings()
                .description())
        .isEqualTo("/data/x $5");
    assertThat(problems(VALID.replace("seed: 5", "seed: ${NOT_SET}")))
        .containsExactly(
            dir.resolve("w.yaml") + ":2:7: seed: environment variable NOT_SET is not set");
  }

  @Test
  void trialIdDependsOnlyOnNonDefaultSettings() throws IOException {
    String base = load(VALID).trials().get(0).id();
    assertThat(load(VALID.replace("lr: 0.1", "lr: 1.0e-1")).trials().get(0).id()).isEqualTo(base);
    assertThat(load(VALID + "controls: []\n").trials().get(0).id()).isEqualTo(base);
    assertThat(
            load(VALID.replace("epochs: 2", "epochs: 2\n  eval-batch-size: 50"))
                .trials()
                .get(0)
                .id())
        .isEqualTo(base);
    assertThat(load(VALID.replace("name: demo", "name: other")).trials().get(0).id())
        .isEqualTo(base);
    assertThat(load(VALID.replace("hidden: 8", "hidden: 16")).trials().get(0).id())
        .as("a default written out")
        .isEqualTo(load(VALID.replace(", hidden: 8", "")).trials().get(0).id());
    assertThat(load(VALID.replace("hidden: 8", "hidden: 9")).trials().get(0).id())
        .isNotEqualTo(base);
    assertThat(load(VALID.replace("seed: 5", "seed: 6")).trials().get(0).id()).isNotEqualTo(base);
  }

  @Test
  void publishedNormalisationNeedsPublishedStatistics() throws IOException {
    WorkflowPlan plan =
        load(
            VALID.replace(
                "{type: synthetic, classes: 3}",
                "{type: synthetic, classes: 3, normalize: published}"));
    assertThatThrownBy(() -> org.fraction.engine.plan.TrialChecks.check(plan))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining(
            "w.yaml:3:51: dataset.normalize: synthetic publishes no per-channel mean and std");
  }

  @Test
  void aTrialDocumentBindsBackToTheSameTrial() throws IOException {
    Trial t = load(VALID + "controls: [random-reinit]\n").trials().get(0);
    Trial again = new WorkflowLoader(plugins).loadTrial(t.document(), "stored.yaml");
    assertThat(again.id()).isEqualTo(t.id());
    assertThat(again.settings()).isEqualTo(t.settings());
  }
}

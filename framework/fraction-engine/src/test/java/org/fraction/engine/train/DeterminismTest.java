package org.fraction.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.fraction.engine.backend.NativeThreads;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.store.RoundFileSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same workflow with the same seed, native build and native thread count gives identical
 * results: every column but the seconds, and every stored weight bit for bit.
 */
class DeterminismTest {

  @TempDir Path dir;

  @Test
  void twoRunsOfOneWorkflowGiveIdenticalResultsAndWeights() throws Exception {
    Plugins plugins = Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());
    Path file = dir.resolve("same.yaml");
    Files.writeString(
        file,
        """
        name: same
        seed: 17
        dataset: {type: synthetic}
        model: {type: tiny-mlp, hidden: 16}
        training: {epochs: 2, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
        pruning: {type: smallest-first, keep: 0.6, rounds: 2, rewind: 3it}
        controls: [random-prune]
        """);
    Trial trial = new WorkflowLoader(plugins).load(file, List.of()).trials().get(0);
    NativeThreads.Choice threads = TrialThreads.choose(trial);
    assertThat(TrialThreads.choose(trial)).as("chosen once per trial").isSameAs(threads);
    NativeThreads.apply(threads); // as the local executor does before each trial
    List<RunStore> stores = List.of(new RunStore(dir.resolve("a")), new RunStore(dir.resolve("b")));
    List<String> csv = new ArrayList<>();
    for (RunStore store : stores) {
      new TrialRunner.Factory(Clock.systemUTC())
          .create(trial, store, new DataCache(m -> {}), new TrialObserver() {})
          .run();
      List<String> warnings = new ArrayList<>();
      csv.add(StoredResults.withoutSeconds(store.workflowDirectory("same"), warnings));
      assertThat(warnings).isEmpty();
    }
    assertThat(csv.get(0).lines()).hasSize(1 + 3 + 2);
    assertThat(csv.get(1)).isEqualTo(csv.get(0));

    TrialDirectory a = stores.get(0).trial("same", trial.id());
    TrialDirectory b = stores.get(1).trial("same", trial.id());
    for (TrialDirectory[] pair :
        List.of(
            new TrialDirectory[] {a, b},
            new TrialDirectory[] {a.control("random-prune"), b.control("random-prune")})) {
      for (int k : pair[0].rounds()) {
        RoundData x = RoundFiles.read(pair[0].roundFile(k));
        RoundData y = RoundFiles.read(pair[1].roundFile(k));
        assertThat(x.number(RoundFileSchema.NATIVE_THREADS))
            .isEqualTo(y.number(RoundFileSchema.NATIVE_THREADS));
        if (threads.threads() > 0) { // chosen by the engine: no thread variable set
          assertThat(x.number(RoundFileSchema.NATIVE_THREADS)).isEqualTo(threads.threads());
        }
        assertThat(x.weights().keySet()).isEqualTo(y.weights().keySet()).isNotEmpty();
        for (ParameterRef ref : x.weights().keySet()) {
          assertThat(x.weights().get(ref).data().asFloat())
              .as(pair[0].roundFile(k) + " " + ref)
              .containsExactly(y.weights().get(ref).data().asFloat());
        }
      }
    }
  }
}

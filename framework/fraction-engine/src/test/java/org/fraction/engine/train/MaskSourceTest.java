package org.fraction.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.spi.model.ParameterRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class MaskSourceTest {

  @TempDir Path dir;

  @Test
  void pruningAtInitialisationMasksEachRoundFreshFromTheRewindPoint() throws Exception {
    Plugins plugins = Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());
    Path file = dir.resolve("w.yaml");
    Files.writeString(
        file,
        """
        name: at-init
        seed: 5
        dataset: {type: synthetic}
        model: {type: tiny-mlp, hidden: 8}
        training: {epochs: 1, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
        pruning: {type: smallest-first, keep: 0.4, rounds: 2, mask-source: init}
        """);
    WorkflowPlan plan = new WorkflowLoader(plugins).load(file, List.of());
    RunStore store = new RunStore(dir.resolve("runs"));
    new TrialRunner.Factory(Clock.systemUTC())
        .create(plan.trials().get(0), store, new DataCache(m -> {}), new TrialObserver() {})
        .run();
    TrialDirectory trial = store.trial("at-init", plan.trials().get(0).id());
    Map<ParameterRef, INDArray> init = RoundFiles.read(trial.roundFile(0)).rewind();
    for (int k = 1; k <= 2; k++) {
      RoundData round = RoundFiles.read(trial.roundFile(k));
      assertThat(round.text("mask_source")).isEqualTo("init");
      // independently: the largest |w| of the initial weights, keep^k of all prunable weights
      List<Double> magnitudes = new ArrayList<>();
      long size = 0;
      for (ParameterRef ref : round.masks().keySet()) {
        for (double v : init.get(ref).dup('c').data().asDouble()) {
          magnitudes.add(Math.abs(v));
        }
        size += round.masks().get(ref).length();
      }
      magnitudes.sort(null);
      long keep = Math.round(size * Math.pow(0.4, k));
      double threshold = magnitudes.get((int) (magnitudes.size() - keep));
      long kept = 0;
      for (ParameterRef ref : round.masks().keySet()) {
        double[] w = init.get(ref).dup('c').data().asDouble();
        double[] m = round.masks().get(ref).dup('c').data().asDouble();
        for (int i = 0; i < w.length; i++) {
          assertThat(m[i])
              .as("%s[%d] in round %d", ref, i, k)
              .isEqualTo(Math.abs(w[i]) >= threshold ? 1.0 : 0.0);
          kept += (long) m[i];
        }
      }
      assertThat(kept).isEqualTo(keep);
      assertThat(round.number("collapsed_layers")).isZero();
    }
  }

  @Test
  void collapsedLayersCountLayersWithoutAnyWeightLeft() {
    Map<ParameterRef, INDArray> masks = new java.util.LinkedHashMap<>();
    masks.put(new ParameterRef("a", "W"), org.nd4j.linalg.factory.Nd4j.zeros(2, 3));
    masks.put(new ParameterRef("q", "r"), org.nd4j.linalg.factory.Nd4j.zeros(2, 2));
    masks.put(
        new ParameterRef("q", "i"),
        org.nd4j.linalg.factory.Nd4j.create(new double[][] {{0, 1}, {0, 0}}));
    masks.put(new ParameterRef("b", "W"), org.nd4j.linalg.factory.Nd4j.ones(2, 2));
    assertThat(new MaskSet(masks).collapsedLayers()).isEqualTo(1);
  }
}

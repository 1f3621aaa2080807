package org.fraction.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.fraction.engine.data.Batch;
import org.fraction.engine.data.BatchStream;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;
import org.fraction.spi.model.Model;
import org.fraction.spi.model.ModelContext;
import org.fraction.spi.model.Network;
import org.fraction.spi.model.ParameterRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@code --recompute-bn}: the running statistics become those of the point's own activations;
 * weights stay.
 */
class StabilityBatchNormTest {

  @TempDir Path dir;

  /** dense 16 (no activation), batch norm, ReLU, classifier. */
  public static final class BatchNormMlp implements Model {
    public record Settings() {}

    BatchNormMlp(Settings s) {}

    @Override
    public Network build(ModelContext ctx) {
      ComputationGraphConfiguration conf =
          ctx.base()
              .graphBuilder()
              .addInputs("input")
              .setInputTypes(
                  InputType.convolutional(
                      ctx.input().height(), ctx.input().width(), ctx.input().channels()))
              .addLayer(
                  "hidden",
                  new DenseLayer.Builder()
                      .nIn(ctx.input().pixels())
                      .nOut(16)
                      .activation(Activation.IDENTITY)
                      .weightInit(WeightInit.RELU)
                      .build(),
                  "input")
              .addLayer("bn", new BatchNormalization.Builder().nOut(16).build(), "hidden")
              .addLayer(
                  "relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn")
              .addLayer(
                  "out",
                  new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                      .nIn(16)
                      .nOut(ctx.classes())
                      .activation(Activation.SOFTMAX)
                      .weightInit(WeightInit.XAVIER)
                      .build(),
                  "relu")
              .setOutputs("out")
              .build();
      return new Network(
          conf,
          List.of(new ParameterRef("hidden", "W"), new ParameterRef("out", "W")),
          List.of(),
          (long) ctx.input().pixels() * 16 + 16L * ctx.classes());
    }
  }

  public static final class BatchNormPlugin extends PluginModule {
    @Override
    public String pluginName() {
      return "bn-test";
    }

    @Override
    protected void registerTypes() {
      register(
          Kinds.MODEL,
          "bn-mlp",
          BatchNormMlp.Settings.class,
          BatchNormMlp::new,
          "dense, batch norm, classifier");
    }
  }

  @Test
  void recomputedStatisticsMatchThePointsActivationsAndLeaveTheWeights() throws Exception {
    Plugins plugins =
        Plugins.of(List.of(new TestPlugin(), new BatchNormPlugin()), getClass().getClassLoader());
    Path file = dir.resolve("bn.yaml");
    Files.writeString(
        file,
        """
        name: bn
        seed: 2
        dataset: {type: synthetic, train: 512, noise: 100}
        model: {type: bn-mlp}
        training: {epochs: 1, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
        pruning: {type: smallest-first, keep: 0.5, rounds: 1}
        """);
    Trial trial = new WorkflowLoader(plugins).load(file, List.of()).trials().get(0);
    DataCache data = new DataCache(m -> {});
    RunStore store = new RunStore(dir.resolve("runs"));
    new TrialRunner.Factory(Clock.systemUTC())
        .create(trial, store, data, new TrialObserver() {})
        .run();
    TrialDirectory trialDir = store.trial("bn", trial.id());
    TrialContext context = new TrialContext(trial, data);

    List<double[]> gaps = new ArrayList<>();
    List<INDArray> hiddenWeights = new ArrayList<>();
    new StabilityAnalysis(trial, trialDir, data)
        .run(
            new StabilityAnalysis.Request(1, null, 3, true, new long[] {5, 6}),
            new StabilityAnalysis.Progress() {
              @Override
              public void copyTrained(int copy, double testAccuracy) {}

              @Override
              public void pointEvaluated(
                  int index, double alpha, double testAccuracy, BuiltNetwork network) {
                // independently: the mean of the batch norm's input over the whole training set at
                // this point
                INDArray sum = Nd4j.zeros(16);
                long n = 0;
                try (BatchStream batches =
                    new BatchStream(
                        context.data.train(),
                        context.encoder,
                        List.of(),
                        context.classes(),
                        64,
                        null,
                        null,
                        0)) {
                  while (batches.hasNext()) {
                    Batch b = batches.next();
                    INDArray hidden =
                        network.graph().feedForward(b.features(), false).get("hidden");
                    sum.addi(hidden.sum(0).castTo(sum.dataType()));
                    n += b.size();
                  }
                }
                INDArray populationMean = sum.div(n);
                INDArray running = network.param(new ParameterRef("bn", "mean")).reshape(16);
                double spread = populationMean.std(0).getDouble(0) + 1e-6;
                gaps.add(
                    new double[] {running.sub(populationMean).amaxNumber().doubleValue() / spread});
                hiddenWeights.add(network.param(new ParameterRef("hidden", "W")).dup());
              }
            });

    assertThat(gaps).hasSize(3);
    for (double[] gap : gaps) {
      assertThat(gap[0])
          .as("running mean against the population mean, in units of its spread")
          .isLessThan(0.25);
    }
    assertThat(hiddenWeights.get(1))
        .as("the midpoint's weights are the copies' mean, untouched by the recomputation")
        .isEqualTo(hiddenWeights.get(0).add(hiddenWeights.get(2)).mul(0.5));
  }
}

package org.fraction.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.fraction.spi.Kind;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;
import org.fraction.spi.model.Algebra;
import org.fraction.spi.model.Model;
import org.fraction.spi.model.ModelContext;
import org.fraction.spi.model.Network;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.settings.Check;
import org.fraction.spi.tracking.Tracker;
import org.fraction.spi.tracking.TrialInfo;
import org.fraction.spi.tracking.TrialStatus;
import org.fraction.spi.tracking.TrialTracker;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Test-only types for the report: {@code twin-mlp}, a perceptron with a stand-in "quaternion"
 * variant that has a quarter of the hidden width (so a quarter of the real model's weights, like a
 * quaternion layer), and {@code recording}, a tracker that remembers every call.
 */
public final class ReportTestPlugin extends PluginModule {

  @Override
  public String pluginName() {
    return "report-test";
  }

  @Override
  protected void registerTypes() {
    register(
        Kinds.MODEL,
        "twin-mlp",
        TwinSettings.class,
        TwinMlp::new,
        "MLP with a quarter-size stand-in quaternion variant");
    register(
        Kind.TRACKER,
        "recording",
        RecordingSettings.class,
        RecordingTracker::new,
        "remembers every call, for tests");
  }

  public record TwinSettings(Integer hidden) {
    public TwinSettings {
      hidden = Check.positive("hidden", Check.orDefault(hidden, 32));
    }
  }

  static final class TwinMlp implements Model {
    private final TwinSettings settings;

    TwinMlp(TwinSettings settings) {
      this.settings = settings;
    }

    @Override
    public Set<Algebra> algebras() {
      return EnumSet.allOf(Algebra.class);
    }

    @Override
    public Network build(ModelContext ctx) {
      int in = ctx.input().pixels();
      int h = ctx.algebra() == Algebra.QUATERNION ? settings.hidden() / 4 : settings.hidden();
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
                      .nIn(in)
                      .nOut(h)
                      .activation(Activation.RELU)
                      .weightInit(WeightInit.RELU)
                      .build(),
                  "input")
              .addLayer(
                  "out",
                  new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                      .nIn(h)
                      .nOut(ctx.classes())
                      .activation(Activation.SOFTMAX)
                      .weightInit(WeightInit.XAVIER)
                      .build(),
                  "hidden")
              .setOutputs("out")
              .build();
      long real = (long) in * settings.hidden() + (long) settings.hidden() * ctx.classes();
      return new Network(
          conf,
          List.of(new ParameterRef("hidden", "W"), new ParameterRef("out", "W")),
          List.of(),
          real);
    }
  }

  public record RecordingSettings(String label) {}

  /**
   * One call a recording tracker received: {@code start}, {@code reopen}, {@code artifact}, {@code
   * finished}, {@code close}.
   */
  record Call(String trial, String what, Path file) {}

  static final List<Call> CALLS = new CopyOnWriteArrayList<>();

  static final class RecordingTracker implements Tracker {
    RecordingTracker(RecordingSettings settings) {}

    @Override
    public TrialTracker startTrial(TrialInfo trial) {
      CALLS.add(new Call(trial.key(), "start", null));
      return tracker(trial);
    }

    @Override
    public TrialTracker reopenTrial(TrialInfo trial) {
      CALLS.add(new Call(trial.key(), "reopen", null));
      return tracker(trial);
    }

    private static TrialTracker tracker(TrialInfo trial) {
      return new TrialTracker() {
        @Override
        public void artifact(Path file) {
          CALLS.add(new Call(trial.key(), "artifact", file));
        }

        @Override
        public void metrics(java.util.Map<String, Double> values, long step) {
          CALLS.add(
              new Call(
                  trial.key(), "metrics " + step + " " + new java.util.TreeMap<>(values), null));
        }

        @Override
        public void finished(TrialStatus status) {
          CALLS.add(new Call(trial.key(), "finished", null));
        }

        @Override
        public void close() {
          CALLS.add(new Call(trial.key(), "close", null));
        }
      };
    }
  }
}

package org.fraction.mlflow;

import java.util.function.Function;
import org.fraction.spi.Kind;
import org.fraction.spi.PluginModule;

/** The {@code mlflow} tracker and the {@code fraction mlflow sync} command. */
public final class MlflowPlugin extends PluginModule {

  private final Function<String, String> environment;

  public MlflowPlugin() {
    this(System::getenv);
  }

  /** With the environment the tracker and the command take credentials (and sync a URI) from. */
  public MlflowPlugin(Function<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public String pluginName() {
    return "mlflow";
  }

  @Override
  protected void registerTypes() {
    register(
        Kind.TRACKER,
        "mlflow",
        MlflowSettings.class,
        s -> new MlflowTracker(s, environment),
        "an MLflow tracking server or MLflow's local file store: a run per trial, a nested run per"
            + " round; a journal keeps what the server missed");
    registerCommand(new SyncCommand(environment));
  }
}

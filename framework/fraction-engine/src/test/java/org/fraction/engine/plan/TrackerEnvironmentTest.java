package org.fraction.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.engine.workflow.WorkflowException;
import org.fraction.spi.Kind;
import org.fraction.spi.PluginModule;
import org.fraction.spi.settings.FromEnvironment;
import org.fraction.spi.settings.InvalidSetting;
import org.fraction.spi.tracking.Tracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trackers switched on, or filled in, by the environment variables their settings name. */
class TrackerEnvironmentTest {

  record RemoteSettings(@FromEnvironment("REMOTE_URI") String uri, String project) {
    RemoteSettings {
      if (uri != null && !uri.startsWith("http")) {
        throw new InvalidSetting("uri", "must be an http URL, got '" + uri + "'");
      }
    }
  }

  record Remote(RemoteSettings settings) implements Tracker {
    @Override
    public org.fraction.spi.tracking.TrialTracker startTrial(
        org.fraction.spi.tracking.TrialInfo trial) {
      return status -> {};
    }
  }

  static final class RemotePlugin extends PluginModule {
    @Override
    public String pluginName() {
      return "remote";
    }

    @Override
    protected void registerTypes() {
      register(Kind.TRACKER, "remote", RemoteSettings.class, Remote::new, "test tracker");
    }
  }

  @TempDir Path dir;

  private Trial load(String tracking, Map<String, String> env) throws Exception {
    Path file = dir.resolve("w.yaml");
    Files.writeString(
        file,
        """
        name: env
        dataset: {type: synthetic}
        model: {type: tiny-mlp}
        training: {epochs: 1, batch-size: 32, optimizer: {type: momentum, lr: 0.05}}
        """
            + tracking);
    Plugins plugins =
        Plugins.of(List.of(new TestPlugin(), new RemotePlugin()), getClass().getClassLoader());
    return new WorkflowLoader(plugins, env::get).load(file, List.of()).trials().get(0);
  }

  private static RemoteSettings settings(Trial trial) {
    assertThat(trial.trackers()).hasSize(1);
    return ((Remote) trial.trackers().get(0).create()).settings();
  }

  @Test
  void aSetVariableSwitchesItsTrackerOnWithoutATrackingKey() throws Exception {
    Trial trial = load("", Map.of("REMOTE_URI", "http://127.0.0.1:1"));
    assertThat(settings(trial)).isEqualTo(new RemoteSettings("http://127.0.0.1:1", null));
    assertThat(trial.document()).contains("tracking:").contains("uri: http://127.0.0.1:1");
  }

  @Test
  void noVariableNoTracker() throws Exception {
    assertThat(load("", Map.of()).trackers()).isEmpty();
    assertThat(load("", Map.of("REMOTE_URI", " ")).trackers()).isEmpty();
  }

  @Test
  void aTrackingKeyListsTheTrackersItself() throws Exception {
    assertThat(load("tracking: {}\n", Map.of("REMOTE_URI", "http://127.0.0.1:1")).trackers())
        .isEmpty();
  }

  @Test
  void aBlockTakesMissingKeysFromTheEnvironmentAndKeepsWrittenOnes() throws Exception {
    Map<String, String> env = Map.of("REMOTE_URI", "http://127.0.0.1:1");
    assertThat(settings(load("tracking: {remote: {project: p}}\n", env)))
        .isEqualTo(new RemoteSettings("http://127.0.0.1:1", "p"));
    assertThat(settings(load("tracking: {remote: {uri: 'http://10.0.0.9:5000'}}\n", env)))
        .isEqualTo(new RemoteSettings("http://10.0.0.9:5000", null));
    assertThat(settings(load("tracking: {remote: {project: p}}\n", Map.of())))
        .isEqualTo(new RemoteSettings(null, "p"));
  }

  @Test
  void aBadValueFromTheEnvironmentNamesTheVariable() {
    assertThatThrownBy(() -> load("", Map.of("REMOTE_URI", "ftp://x")))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining(
            "$REMOTE_URI: tracking.remote.uri: must be an http URL, got 'ftp://x'");
  }
}

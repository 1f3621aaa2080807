package org.fraction.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.fraction.spi.settings.InvalidSetting;
import org.junit.jupiter.api.Test;

class MlflowSettingsTest {

  @Test
  void defaultsAndANormalisedUrl() {
    MlflowSettings s = new MlflowSettings(" http://127.0.0.1:5000/ ", null, null, null);
    assertThat(s.uri()).isEqualTo("http://127.0.0.1:5000");
    assertThat(s.roundFiles()).isTrue();
    assertThat(s.waitSeconds()).isEqualTo(10);
    assertThat(new MlflowSettings("", null, null, null).uri()).isNull();
    assertThat(new MlflowSettings("https://mlflow.example.org/tracking", "x", false, 0).uri())
        .isEqualTo("https://mlflow.example.org/tracking");
  }

  @Test
  void aFileUriOrAPlainPathIsMlflowsLocalFileStoreReadAsMlflowReadsIt() {
    Path cwd = Path.of("").toAbsolutePath();
    assertThat(new MlflowSettings("file:./mlruns", null, null, null).uri())
        .isEqualTo("file:./mlruns");
    assertThat(TrackingUri.localPath("file:./mlruns")).contains(cwd.resolve("mlruns"));
    assertThat(TrackingUri.localPath("mlruns")).contains(cwd.resolve("mlruns"));
    assertThat(TrackingUri.localPath("/data/ml runs")).contains(Path.of("/data/ml runs"));
    assertThat(TrackingUri.localPath("file:///data/mlruns")).contains(Path.of("/data/mlruns"));
    assertThat(TrackingUri.localPath("file:/data/mlruns")).contains(Path.of("/data/mlruns"));
    assertThat(TrackingUri.localPath("file://localhost/data/mlruns"))
        .contains(Path.of("/data/mlruns"));
    assertThat(TrackingUri.localPath("file:///data/ml%20runs%C3%BC/x"))
        .contains(Path.of("/data/ml runs\u00fc/x"));
    assertThat(TrackingUri.localPath("http://127.0.0.1:5000")).isEmpty();
    assertThat(TrackingUri.fileUri(Path.of("/data/ml runs"))).isEqualTo("file:///data/ml%20runs");
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> new MlflowSettings("databricks", null, null, null))
        .isInstanceOf(InvalidSetting.class)
        .hasMessageContaining(
            "must be the http(s) URL of an MLflow tracking server or MLflow's local file store "
                + "(file:PATH or a path), got 'databricks'");
    assertThatThrownBy(() -> new MlflowSettings("sqlite:///mlflow.db", null, null, null))
        .hasMessageContaining("got 'sqlite:///mlflow.db'");
    assertThatThrownBy(() -> new MlflowSettings("http://h:5000?x=1", null, null, null))
        .hasMessageContaining("must not have a query");
    assertThatThrownBy(() -> new MlflowSettings(null, " ", null, null))
        .isInstanceOfSatisfying(
            InvalidSetting.class, e -> assertThat(e.key()).isEqualTo("experiment"));
    assertThatThrownBy(() -> new MlflowSettings(null, null, null, -1))
        .isInstanceOfSatisfying(
            InvalidSetting.class, e -> assertThat(e.key()).isEqualTo("wait-seconds"));
  }
}

package org.fraction.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> new MlflowSettings("databricks", null, null, null)).isInstanceOf(InvalidSetting.class)
        .hasMessageContaining("must be the http(s) URL of an MLflow tracking server, got 'databricks'");
    assertThatThrownBy(() -> new MlflowSettings("http://h:5000?x=1", null, null, null))
        .hasMessageContaining("must not have a query");
    assertThatThrownBy(() -> new MlflowSettings(null, " ", null, null))
        .isInstanceOfSatisfying(InvalidSetting.class, e -> assertThat(e.key()).isEqualTo("experiment"));
    assertThatThrownBy(() -> new MlflowSettings(null, null, null, -1))
        .isInstanceOfSatisfying(InvalidSetting.class, e -> assertThat(e.key()).isEqualTo("wait-seconds"));
  }
}

package org.fraction.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fraction.mlflow.DeliveryException.Kind;
import org.junit.jupiter.api.Test;

/** What needs no server: where uploads go, and which failures are worth a retry. */
class MlflowServerTest {

  private final MlflowServer server =
      new MlflowServer("http://127.0.0.1:5000/mlflow", Credentials.none());

  @Test
  void uploadsGoThroughTheArtifactProxyOrStraightToAnHttpRoot() throws Exception {
    assertThat(
            server
                .uploadTarget("mlflow-artifacts:/3/abc/artifacts", "rounds/round-0.h5")
                .toString())
        .isEqualTo(
            "http://127.0.0.1:5000/mlflow/api/2.0/mlflow-artifacts/artifacts/3/abc/artifacts/rounds/round-0.h5");
    assertThat(
            server
                .uploadTarget(
                    "mlflow-artifacts://files.example:8080/3/abc/artifacts", "report/a b.png")
                .toString())
        .isEqualTo(
            "http://files.example:8080/api/2.0/mlflow-artifacts/artifacts/3/abc/artifacts/report/a%20b.png");
    assertThat(
            server
                .uploadTarget("https://store.example/root/3/abc/artifacts/", "rounds/r.h5")
                .toString())
        .isEqualTo("https://store.example/root/3/abc/artifacts/rounds/r.h5");
    assertThatThrownBy(() -> server.uploadTarget("s3://bucket/3/abc/artifacts", "rounds/r.h5"))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.REJECTED);
              assertThat(e.getMessage()).contains("--serve-artifacts");
            });
  }

  @Test
  void failuresAreSortedIntoRetryRejectedAndGone() {
    assertThat(MlflowServer.classify("run x metrics", 503, "").kind()).isEqualTo(Kind.RETRY);
    assertThat(MlflowServer.classify("run x metrics", 429, "").kind()).isEqualTo(Kind.RETRY);
    assertThat(MlflowServer.classify("run x metrics", 401, "").kind()).isEqualTo(Kind.RETRY);
    assertThat(MlflowServer.classify("run x metrics", 401, "").getMessage())
        .contains("MLFLOW_TRACKING_TOKEN");
    assertThat(
            MlflowServer.classify(
                    "run x params",
                    400,
                    "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"too long\"}")
                .getMessage())
        .isEqualTo("run x params: 400 INVALID_PARAMETER_VALUE too long");
    assertThat(
            MlflowServer.classify(
                    "run x params", 400, "{\"error_code\": \"INVALID_PARAMETER_VALUE\"}")
                .kind())
        .isEqualTo(Kind.REJECTED);
    assertThat(
            MlflowServer.classify("run x", 404, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\"}")
                .kind())
        .isEqualTo(Kind.GONE);
    assertThat(
            MlflowServer.classify(
                    "create run round-1", 404, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\"}")
                .kind())
        .isEqualTo(Kind.GONE);
  }
}

package org.fraction.mlflow;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The MLflow servers of the integration tests. {@code scripts/test} starts one for the whole suite
 * and passes its URL in {@code FRACTION_MLFLOW_URI}, and the {@code mlflow} command in {@code
 * FRACTION_MLFLOW_COMMAND} for tests that run a server of their own. Without them the tests are
 * skipped, except on CI ({@code CI} set), where that is a failure.
 */
final class Servers {

  private Servers() {}

  static String shared() {
    return required("FRACTION_MLFLOW_URI");
  }

  static Path command() {
    Path p = Path.of(required("FRACTION_MLFLOW_COMMAND"));
    if (!Files.isExecutable(p)) {
      fail("FRACTION_MLFLOW_COMMAND=" + p + " is not executable");
    }
    return p;
  }

  private static String required(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      String message =
          variable + " is not set: run the tests with scripts/test, which starts an MLflow server";
      if (System.getenv("CI") != null) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return value;
  }

  /** A port nobody listens on now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

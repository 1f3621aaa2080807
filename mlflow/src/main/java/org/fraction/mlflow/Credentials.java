package org.fraction.mlflow;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.mlflow.tracking.creds.MlflowHostCredsProvider;

/**
 * Credentials for the tracking server, taken from the environment as MLflow's own clients do
 * ({@code MLFLOW_TRACKING_TOKEN}, or {@code MLFLOW_TRACKING_USERNAME} and {@code
 * MLFLOW_TRACKING_PASSWORD}). They live in memory only: never in settings, the journal, the
 * delivery state or a message ({@link #toString()} names the kind, not the secret).
 */
final class Credentials {

  private final String token;
  private final String username;
  private final String password;

  private Credentials(String token, String username, String password) {
    this.token = token;
    this.username = username;
    this.password = password;
  }

  static Credentials from(Function<String, String> environment) {
    return new Credentials(
        nonBlank(environment.apply("MLFLOW_TRACKING_TOKEN")),
        nonBlank(environment.apply("MLFLOW_TRACKING_USERNAME")),
        nonBlank(environment.apply("MLFLOW_TRACKING_PASSWORD")));
  }

  static Credentials none() {
    return new Credentials(null, null, null);
  }

  private static String nonBlank(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** For the MLflow client. */
  MlflowHostCredsProvider provider(String uri) {
    return new BasicMlflowHostCreds(uri, username, password, token, false);
  }

  /** The {@code Authorization} header value for requests the client does not make. */
  Optional<String> authorization() {
    if (username != null && password != null) {
      return Optional.of(
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return token == null ? Optional.empty() : Optional.of("Bearer " + token);
  }

  @Override
  public String toString() {
    if (username != null && password != null) {
      return "user " + username + " with a password";
    }
    return token != null ? "a token" : "no credentials";
  }
}

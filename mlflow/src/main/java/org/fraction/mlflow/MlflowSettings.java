package org.fraction.mlflow;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;
import org.fraction.spi.settings.FromEnvironment;
import org.fraction.spi.settings.Incidental;
import org.fraction.spi.settings.InvalidSetting;

/** Settings of the {@code mlflow} tracker ({@code tracking: {mlflow: {...}}}). */
public record MlflowSettings(
    @Doc(
            "tracking server URL, e.g. http://127.0.0.1:5000, or MLflow's local file store, e.g."
                + " file:./mlruns or a path (default: $MLFLOW_TRACKING_URI; none: not tracked)")
        @Incidental
        @FromEnvironment("MLFLOW_TRACKING_URI")
        String uri,
    @Doc("experiment name (default: the workflow's name)") String experiment,
    @Doc("upload each round's HDF5 file as an artifact of the trial's run (default true)")
        Boolean roundFiles,
    @Doc(
            "seconds to wait at the end of a trial for the server to take what is pending (default"
                + " 10)")
        Integer waitSeconds) {

  public MlflowSettings {
    uri = uri == null || uri.isBlank() ? null : checkUri(uri.strip());
    if (experiment != null && experiment.isBlank()) {
      throw new InvalidSetting("experiment", "must not be empty");
    }
    roundFiles = Check.orDefault(roundFiles, true);
    waitSeconds = Check.nonNegative("wait-seconds", Check.orDefault(waitSeconds, 10));
  }

  /** The settings with nothing written. */
  public static MlflowSettings defaults() {
    return new MlflowSettings(null, null, null, null);
  }

  /** Names MLflow reads as Databricks, though they have no scheme. */
  private static final Set<String> DATABRICKS = Set.of("databricks", "databricks-uc", "uc");

  /**
   * MLflow's local file store ({@code file:PATH}, {@code file:///ABS} or a plain path), or an
   * http(s) URL without credentials (they come from the environment, so that they never land in the
   * run store), without a trailing slash.
   */
  static String checkUri(String text) {
    String scheme = TrackingUri.scheme(text);
    if ((scheme.equals("file") || scheme.isEmpty()) && !DATABRICKS.contains(text)) {
      return text;
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new InvalidSetting("uri", "is not a URL: '" + shown(text) + "'");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new InvalidSetting(
          "uri",
          "must be the http(s) URL of an MLflow tracking server or MLflow's local file "
              + "store (file:PATH or a path), got '"
              + shown(text)
              + "'");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidSetting(
          "uri",
          "must not hold credentials; set MLFLOW_TRACKING_TOKEN or "
              + "MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD instead");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new InvalidSetting(
          "uri", "must not have a query or fragment, got '" + shown(text) + "'");
    }
    return text.replaceAll("/+$", "");
  }

  /** The text with anything that could be credentials ({@code user:password@}) masked. */
  static String shown(String text) {
    return text.replaceAll("//[^/@]*@", "//***@");
  }
}

package org.fraction.mlflow;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Where a {@link Courier} delivers the calls of a journal: an MLflow tracking server over REST
 * ({@link MlflowServer}) or MLflow's local file store written in place ({@link FileStore}). The
 * journal decides what is recorded; a store only carries it out. Every failure is a {@link
 * DeliveryException} saying whether trying again can help.
 */
interface TrackingStore extends AutoCloseable {

  /** MLflow refuses longer param values. */
  int MAX_PARAM_LENGTH = 6000;

  /** The store for a tracking URI that {@link MlflowSettings} accepted. */
  static TrackingStore open(String uri, Credentials credentials) {
    Optional<Path> local = TrackingUri.localPath(uri);
    return local.isPresent() ? new FileStore(local.get()) : new MlflowServer(uri, credentials);
  }

  /** The store's URI, as the ledger keys what it took. */
  String uri();

  /** The id of the named experiment, created if missing. */
  String experiment(String name) throws DeliveryException;

  /** The oldest active run of the experiment carrying all the given tags, if any. */
  Optional<String> findRun(String experimentId, Map<String, String> tags) throws DeliveryException;

  String createRun(String experimentId, String name, long startTime, Map<String, String> tags)
      throws DeliveryException;

  /** Whether the store still has the run, not deleted. */
  boolean hasRun(String runId) throws DeliveryException;

  /** The run's params as the store has them. */
  Map<String, String> params(String runId) throws DeliveryException;

  void logParams(String runId, Map<String, String> params) throws DeliveryException;

  void logMetrics(String runId, List<Op.Point> points) throws DeliveryException;

  /** The steps at which the run has the metric. */
  Set<Long> steps(String runId, String key) throws DeliveryException;

  /** RUNNING (without an end time), FINISHED, FAILED or KILLED. */
  void setStatus(String runId, String status, long time) throws DeliveryException;

  String artifactUri(String runId) throws DeliveryException;

  /** The size of an artifact of the run, if it is there. */
  OptionalLong artifactSize(String runId, String directory, String name) throws DeliveryException;

  /** Stores a file at {@code <artifact uri>/<path>}. */
  void upload(String artifactUri, String path, Path file) throws DeliveryException;

  @Override
  void close();
}

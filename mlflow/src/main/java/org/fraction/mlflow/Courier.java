package org.fraction.mlflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.fraction.mlflow.DeliveryException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers journals to one {@link TrackingStore} (a tracking server, or MLflow's local file store),
 * each in order, on a background thread, so that training never waits for the server. A call the
 * server did not take stays first in line and is tried again (backing off to every two seconds)
 * until it is taken; a call the server refuses for good is noted in the ledger and passed.
 *
 * <p>No call reaches a server twice: runs are found by their identity tags before one is made, and
 * the one call whose fate is unknown (sent when the connection broke, or the last one before the
 * process stopped) is checked against the server before it is sent again, as are all metrics of a
 * run found rather than made.
 */
final class Courier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Courier.class);
  private static final long MAX_BACKOFF_MS = 2000;
  private static final long HURRIED_BACKOFF_MS = 500;

  /** One journal on its way to one experiment of the server. */
  final class Lane {
    final Journal journal;
    final String experiment;
    final String label;
    final Ledger ledger;

    /** The next call may have reached the server already without our knowing. */
    boolean uncertain = true;

    /** The server's copy of the trial's run is still to be checked (it may have lost its data). */
    volatile boolean check = true;

    boolean restarted;
    volatile int delivered;
    volatile int sent;
    volatile int refused;

    Lane(Journal journal, String experiment, String label) throws IOException {
      this.journal = journal;
      this.experiment = experiment;
      this.label = label;
      this.ledger = Ledger.load(journal.directory(), Ledger.destination(server.uri(), experiment));
      this.delivered = ledger.delivered();
    }

    int pending() {
      return journal.size() - delivered;
    }

    boolean hasWork() {
      return check || pending() > 0;
    }

    /** The server's id of the lane's run, once delivered. */
    Optional<String> runId(String ref) {
      Ledger.RunId id = ledger.run(ref);
      return Optional.ofNullable(id == null ? null : id.id());
    }

    List<Ledger.Rejection> rejections() {
      return ledger.rejected();
    }
  }

  private final TrackingStore server;
  private final List<Lane> lanes = new ArrayList<>();
  private final Map<String, String> experiments = new HashMap<>();

  /** Metric steps the server has, for runs whose metrics are checked. */
  private final Map<String, Map<String, Set<Long>>> steps = new HashMap<>();

  private final Map<String, String> artifactUris = new HashMap<>();
  private final Thread thread;

  private boolean closed;
  private boolean hurry;
  private String downReason;
  private int failures;
  private long failedAttempts;
  private long lastProgress = System.nanoTime();

  Courier(TrackingStore server) {
    this.server = server;
    this.thread = new Thread(this::loop, "mlflow-courier");
    thread.setDaemon(true);
    thread.start();
  }

  String uri() {
    return server.uri();
  }

  /** Starts delivering a journal to the named experiment. */
  synchronized Lane add(Journal journal, String experiment, String label) throws IOException {
    Lane lane = new Lane(journal, experiment, label);
    lanes.add(lane);
    notifyAll();
    return lane;
  }

  synchronized List<Lane> lanes() {
    return List.copyOf(lanes);
  }

  /** New calls were appended. */
  synchronized void poke() {
    notifyAll();
  }

  /** Why the last call failed while the server is away, or null. */
  synchronized String downReason() {
    return downReason;
  }

  /**
   * Waits until the given lanes are delivered, giving up after {@code patienceMillis} without
   * progress, or once the server has failed two more calls while it is away.
   *
   * @return whether everything was delivered
   */
  synchronized boolean drain(List<Lane> which, long patienceMillis) throws InterruptedException {
    long start = System.nanoTime();
    long failedAtStart = failedAttempts;
    hurry = true;
    notifyAll();
    try {
      while (which.stream().anyMatch(Lane::hasWork)) {
        if (closed || (downReason != null && failedAttempts - failedAtStart >= 2)) {
          return false;
        }
        long idleSince = Math.max(start, lastProgress);
        long left = patienceMillis - (System.nanoTime() - idleSince) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        wait(Math.min(left, 200));
      }
      return true;
    } finally {
      hurry = false;
    }
  }

  private void loop() {
    while (true) {
      Lane lane = null;
      synchronized (this) {
        while (!closed && (lane = next()) == null) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
      }
      try {
        if (deliverNext(lane)) {
          lane.uncertain = false;
        }
        recovered();
      } catch (DeliveryException e) {
        if (e.kind() == Kind.RETRY) {
          lane.uncertain = true;
          if (!away(e.getMessage())) {
            return;
          }
        } else if (e.kind() == Kind.GONE && !lane.restarted) {
          restart(lane, e.getMessage());
        } else {
          refuse(lane, e.getMessage());
        }
      } catch (RuntimeException e) {
        refuse(lane, e.toString());
      }
    }
  }

  /** The server lost what it had of the lane: send the whole journal again. */
  private void restart(Lane lane, String reason) {
    LOG.warn(
        "mlflow: {}: {}; the server lost what it had: sending {} again from the start",
        lane.label,
        reason,
        lane.journal.file());
    lane.restarted = true;
    lane.uncertain = true;
    clearCaches();
    lane.ledger.restart();
    synchronized (this) {
      lane.delivered = 0;
    }
  }

  private synchronized Lane next() {
    for (Lane lane : lanes) {
      if (lane.hasWork()) {
        return lane;
      }
    }
    return null;
  }

  private synchronized void recovered() {
    if (downReason != null) {
      LOG.warn("mlflow: {} answers again; sending the calls that waited", server.uri());
    }
    downReason = null;
    failures = 0;
    lastProgress = System.nanoTime();
    notifyAll();
  }

  /** Notes a failed attempt and backs off; false when closed meanwhile. */
  private synchronized boolean away(String reason) {
    if (downReason == null) {
      LOG.warn(
          "mlflow: {}; calls wait in the journal and are sent when the server answers", reason);
    }
    downReason = reason;
    failures++;
    failedAttempts++;
    notifyAll();
    long backoff =
        Math.min(hurry ? HURRIED_BACKOFF_MS : MAX_BACKOFF_MS, 125L << Math.min(failures, 5));
    long until = System.nanoTime() + backoff * 1_000_000;
    try {
      while (!closed && System.nanoTime() < until) {
        wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
        if (hurry) {
          until = Math.min(until, System.nanoTime() + HURRIED_BACKOFF_MS * 1_000_000);
        }
      }
    } catch (InterruptedException e) {
      return false;
    }
    return !closed;
  }

  private void refuse(Lane lane, String reason) {
    LOG.warn(
        "mlflow: {}: call {} of {} refused: {}",
        lane.label,
        lane.delivered + 1,
        lane.journal.file(),
        reason);
    lane.ledger.advance(reason);
    lane.uncertain = false;
    synchronized (this) {
      lane.delivered = lane.ledger.delivered();
      lane.refused++;
      lastProgress = System.nanoTime();
      notifyAll();
    }
  }

  private synchronized void clearCaches() {
    experiments.clear();
    steps.clear();
    artifactUris.clear();
  }

  /** Sends the lane's next call; false when it only checked the server's copy of the lane. */
  private boolean deliverNext(Lane lane) throws DeliveryException {
    if (lane.check) {
      Ledger.RunId trial = lane.ledger.run(RunRecorder.TRIAL);
      if (trial != null && !server.hasRun(trial.id())) {
        restart(lane, "its run " + trial.id() + " is gone from the server");
      }
      lane.check = false;
      return false;
    }
    int index = lane.ledger.delivered();
    Op op = lane.journal.get(index);
    if (op instanceof Op.StartRun s) {
      startRun(lane, s);
    } else if (op instanceof Op.LogParams p) {
      logParams(lane, p);
    } else if (op instanceof Op.LogMetrics m) {
      logMetrics(lane, m);
    } else if (op instanceof Op.Upload u) {
      upload(lane, u);
    } else if (op instanceof Op.SetStatus s) {
      server.setStatus(runId(lane, s.run()).id(), s.status(), s.time());
    } else {
      throw new DeliveryException(
          Kind.REJECTED, "unreadable journal line: " + ((Op.Unreadable) op).line());
    }
    lane.ledger.advance(null);
    synchronized (this) {
      lane.delivered = lane.ledger.delivered();
      lane.sent++;
    }
    return true;
  }

  private String experiment(Lane lane) throws DeliveryException {
    String id = lane.ledger.experiment();
    if (id == null) {
      synchronized (this) {
        id = experiments.get(lane.experiment);
      }
      if (id == null) {
        id = server.experiment(lane.experiment);
        synchronized (this) {
          experiments.put(lane.experiment, id);
        }
      }
      lane.ledger.experiment(id);
    }
    return id;
  }

  private Ledger.RunId runId(Lane lane, String ref) throws DeliveryException {
    Ledger.RunId id = lane.ledger.run(ref);
    if (id == null) {
      throw new DeliveryException(Kind.REJECTED, "run '" + ref + "' was never made on the server");
    }
    return id;
  }

  private void startRun(Lane lane, Op.StartRun op) throws DeliveryException {
    if (lane.ledger.run(op.run()) != null) {
      return;
    }
    String experiment = experiment(lane);
    Map<String, String> identity = new LinkedHashMap<>();
    for (String key : Tags.IDENTITY) {
      identity.put(key, op.tags().getOrDefault(key, ""));
    }
    Map<String, String> tags = new LinkedHashMap<>(op.tags());
    if (op.parent() != null) {
      String parent = runId(lane, op.parent()).id();
      identity.put(Tags.PARENT, parent);
      tags.put(Tags.PARENT, parent);
    }
    Optional<String> found = server.findRun(experiment, identity);
    if (found.isPresent()) {
      lane.ledger.run(op.run(), new Ledger.RunId(found.get(), true));
    } else {
      lane.ledger.run(
          op.run(),
          new Ledger.RunId(server.createRun(experiment, op.name(), op.time(), tags), false));
    }
  }

  private void logParams(Lane lane, Op.LogParams op) throws DeliveryException {
    String run = runId(lane, op.run()).id();
    Map<String, String> there = server.params(run);
    Map<String, String> missing = new LinkedHashMap<>();
    List<String> different = new ArrayList<>();
    op.params()
        .forEach(
            (k, v) -> {
              String value =
                  v.length() > TrackingStore.MAX_PARAM_LENGTH
                      ? v.substring(0, TrackingStore.MAX_PARAM_LENGTH)
                      : v;
              if (!there.containsKey(k)) {
                missing.put(k, value);
              } else if (!there.get(k).equals(value)) {
                different.add(k);
              }
            });
    server.logParams(run, missing);
    if (!different.isEmpty()) {
      throw new DeliveryException(
          Kind.REJECTED,
          "params "
              + different
              + " have other values on the server, and MLflow keeps a param's first value");
    }
  }

  private void logMetrics(Lane lane, Op.LogMetrics op) throws DeliveryException {
    Ledger.RunId run = runId(lane, op.run());
    List<Op.Point> points = op.points();
    boolean check = lane.uncertain || run.adopted();
    if (check) {
      List<Op.Point> missing = new ArrayList<>();
      for (Op.Point p : points) {
        if (!knownSteps(run.id(), p.key()).contains(p.step())) {
          missing.add(p);
        }
      }
      points = missing;
    }
    server.logMetrics(run.id(), points);
    synchronized (this) {
      Map<String, Set<Long>> known = steps.get(run.id());
      if (known != null) {
        points.forEach(
            p -> {
              Set<Long> s = known.get(p.key());
              if (s != null) {
                s.add(p.step());
              }
            });
      }
    }
  }

  private Set<Long> knownSteps(String run, String key) throws DeliveryException {
    synchronized (this) {
      Map<String, Set<Long>> byKey = steps.get(run);
      if (byKey != null && byKey.containsKey(key)) {
        return byKey.get(key);
      }
    }
    Set<Long> fetched = server.steps(run, key);
    synchronized (this) {
      steps.computeIfAbsent(run, r -> new HashMap<>()).put(key, fetched);
    }
    return fetched;
  }

  private void upload(Lane lane, Op.Upload op) throws DeliveryException {
    Ledger.RunId run = runId(lane, op.run());
    Path file = lane.journal.resolve(op.file());
    if (!Files.isRegularFile(file)) {
      throw new DeliveryException(Kind.REJECTED, "upload: " + file + " is gone");
    }
    String name = file.getFileName().toString();
    long size = MlflowServer.size(file);
    if (lane.uncertain || run.adopted()) {
      OptionalLong there = server.artifactSize(run.id(), op.directory(), name);
      if (there.isPresent() && there.getAsLong() == size) {
        return;
      }
    }
    String root;
    synchronized (this) {
      root = artifactUris.get(run.id());
    }
    if (root == null) {
      root = server.artifactUri(run.id());
      synchronized (this) {
        artifactUris.put(run.id(), root);
      }
    }
    server.upload(root, op.directory() + "/" + name, file);
  }

  /** Stops the thread and releases the journals. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Lane lane : lanes()) {
      try {
        lane.journal.close();
      } catch (IOException e) {
        LOG.warn("mlflow: closing {}: {}", lane.journal.file(), e.toString());
      }
    }
    server.close();
  }
}

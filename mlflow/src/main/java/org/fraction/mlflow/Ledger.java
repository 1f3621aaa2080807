package org.fraction.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far one server has taken one journal: the count of calls delivered, the server's ids of the
 * journal's runs and experiment, and the calls the server refused. Kept per destination (server and
 * experiment) in {@code mlflow-state.json} beside the journal, rewritten atomically after each
 * call. Only the process holding the journal writes it.
 */
final class Ledger {

  static final String FILE = "mlflow-state.json";

  /** A run's server id; {@code adopted} when it was found on the server rather than created. */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  record RunId(String id, boolean adopted) {}

  record Rejection(int op, String reason) {}

  /** One destination's state. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  static final class State {
    public String experiment;
    public int delivered;
    public Map<String, RunId> runs = new TreeMap<>();
    public List<Rejection> rejected = new ArrayList<>();
  }

  private static final TypeReference<Map<String, State>> TYPE = new TypeReference<>() {};

  private final Path file;
  private final String destination;
  private final Map<String, State> all;
  private final State state;

  private Ledger(Path file, String destination, Map<String, State> all) {
    this.file = file;
    this.destination = destination;
    this.all = all;
    this.state = all.computeIfAbsent(destination, d -> new State());
  }

  /** The state of {@code destination} for the journal in {@code dir}. */
  static Ledger load(Path dir, String destination) throws IOException {
    Path file = dir.resolve(FILE);
    Map<String, State> all = new LinkedHashMap<>();
    if (Files.isRegularFile(file)) {
      all.putAll(Json.MAPPER.readValue(file.toFile(), TYPE));
    }
    return new Ledger(file, destination, all);
  }

  /** A destination's key: the server and the experiment. */
  static String destination(String uri, String experiment) {
    return uri + " experiment=" + experiment;
  }

  synchronized int delivered() {
    return state.delivered;
  }

  synchronized String experiment() {
    return state.experiment;
  }

  synchronized void experiment(String id) {
    state.experiment = id;
  }

  synchronized RunId run(String ref) {
    return state.runs.get(ref);
  }

  synchronized void run(String ref, RunId id) {
    state.runs.put(ref, id);
  }

  synchronized List<Rejection> rejected() {
    return List.copyOf(state.rejected);
  }

  /** The call at {@link #delivered()} has been taken (or refused, with a reason). */
  synchronized void advance(String rejection) {
    if (rejection != null) {
      state.rejected.add(new Rejection(state.delivered, rejection));
    }
    state.delivered++;
    save();
  }

  /** Forgets the server's ids and starts over: the server lost what it had (a new database). */
  synchronized void restart() {
    state.experiment = null;
    state.delivered = 0;
    state.runs.clear();
    state.rejected.clear();
    save();
  }

  synchronized void save() {
    Path tmp = file.resolveSibling("." + FILE + ".tmp");
    try {
      Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        c.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized String toString() {
    return destination + ": " + state.delivered + " delivered";
  }
}

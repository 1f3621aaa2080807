package org.fraction.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fraction.engine.backend.NativeRuntimeInfo;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.results.RunResults;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.testing.TestPlugin;
import org.fraction.spi.store.RoundFileSchema;
import org.fraction.spi.tracking.TrialInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged round file or epoch checkpoint costs the rounds that depend on it, never the run: they
 * are set aside, run again, and the results equal those of an undamaged run.
 */
class DamagedFilesTest {

  @TempDir Path dir;

  private final Plugins plugins =
      Plugins.of(List.of(new TestPlugin()), getClass().getClassLoader());

  private Trial trial;
  private RunStore store;
  private Path runDir;
  private TrialDirectory ticket;

  /** The results of the undamaged run. */
  private String clean;

  @BeforeEach
  void runTheTrial() throws IOException {
    Path file = dir.resolve("d.yaml");
    Files.writeString(
        file,
        """
        name: damaged
        seed: 5
        dataset: {type: synthetic}
        model: {type: tiny-mlp, hidden: 16}
        training: {epochs: 2, batch-size: 32, optimizer: {type: momentum}}
        pruning: {type: smallest-first, keep: 0.6, rounds: 2, rewind: init}
        controls: [random-reinit]
        """);
    trial = new WorkflowLoader(plugins).load(file, List.of()).trials().get(0);
    store = new RunStore(dir.resolve("runs"));
    run(trial, store);
    runDir = store.workflowDirectory("damaged");
    ticket = store.trial("damaged", trial.id());
    clean = StoredResults.withoutSeconds(runDir, new ArrayList<>());
  }

  /** Notices and skipped rounds of one run. */
  private static final class Log implements TrialObserver {
    final List<String> notices = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();

    @Override
    public void notice(TrialInfo trial, String message) {
      notices.add(message);
    }

    @Override
    public void roundSkipped(TrialInfo trial, int round) {
      skipped.add(trial.control() + round);
    }
  }

  private static Log run(Trial trial, RunStore store) throws IOException {
    Log log = new Log();
    new TrialRunner.Factory(Clock.systemUTC())
        .create(trial, store, new DataCache(m -> {}), log)
        .run();
    return log;
  }

  static void truncate(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(100);
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void aDamagedRoundIsSetAsideWithTheRoundsMadeFromItAndRunAgain() throws Exception {
    assertThat(clean.lines().count()).isEqualTo(1 + 3 + 2);
    truncate(ticket.roundFile(1));
    List<String> warnings = new ArrayList<>();
    String partial = StoredResults.withoutSeconds(runDir, warnings);
    assertThat(partial.lines().count()).as("every other round is still shown").isEqualTo(1 + 2 + 2);
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains(ticket.roundFile(1).toString(), "round 1 is left out");

    Log log = run(trial, store);
    assertThat(log.notices).hasSize(3);
    assertThat(log.notices.get(0))
        .startsWith(ticket.roundFile(1) + ": cannot read round file")
        .contains("moved to round-1.h5.damaged-");
    assertThat(log.notices.get(1))
        .startsWith(ticket.roundFile(2) + ": it was made from the damaged round 1");
    assertThat(log.notices.get(2))
        .startsWith(
            ticket.control("random-reinit").roundFile(2)
                + ": it was made from the damaged ticket round 1");
    assertThat(log.skipped)
        .as("round 0 and the control's round 1 do not depend on round 1")
        .containsExactly("0", "random-reinit1");
    assertThat(names(ticket.path()))
        .filteredOn(n -> n.contains(".h5."))
        .hasSize(3)
        .allMatch(
            n ->
                n.matches(
                    "(random-reinit/)?round-[12]\\.h5\\.(damaged|superseded)-\\d{8}T\\d{6}Z"));
    List<String> after = new ArrayList<>();
    assertThat(StoredResults.withoutSeconds(runDir, after)).isEqualTo(clean);
    assertThat(after).isEmpty();
  }

  @Test
  void aDamagedEpochCheckpointIsDiscardedAndItsEpochsRunAgain() throws Exception {
    Files.copy(ticket.roundFile(2), ticket.checkpointFile(2));
    Files.delete(ticket.roundFile(2));
    truncate(ticket.checkpointFile(2));
    Log log = run(trial, store);
    assertThat(log.notices)
        .singleElement()
        .asString()
        .startsWith(ticket.checkpointFile(2).toString())
        .contains("damaged epoch checkpoint is discarded");
    assertThat(Files.exists(ticket.checkpointFile(2))).isFalse();
    assertThat(StoredResults.withoutSeconds(runDir, new ArrayList<>())).isEqualTo(clean);
  }

  @Test
  void resultsWarnOncePerTrialWhoseRoundsHadDifferentNativeSettings() throws Exception {
    RoundData round0 = RoundFiles.read(ticket.roundFile(0));
    assertThat(round0.number(RoundFileSchema.NATIVE_THREADS))
        .isEqualTo(NativeRuntimeInfo.current().threads());
    assertThat(round0.text(RoundFileSchema.NATIVE_BUILD))
        .isEqualTo(NativeRuntimeInfo.current().build())
        .startsWith("linux-x86_64");
    List<String> warnings = new ArrayList<>();
    RunResults.read(runDir, warnings::add);
    assertThat(warnings).isEmpty();

    for (Path file : List.of(ticket.roundFile(1), ticket.control("random-reinit").roundFile(2))) {
      RoundData r = RoundFiles.read(file);
      Map<String, Object> attributes = new LinkedHashMap<>(r.attributes());
      attributes.put(
          RoundFileSchema.NATIVE_THREADS, (long) NativeRuntimeInfo.current().threads() + 3);
      RoundFiles.write(
          file, new RoundData(attributes, r.weights(), r.masks(), r.rewind(), r.epochs(), null));
    }
    RunResults.read(runDir, warnings::add);
    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith(ticket.path().toString())
        .contains(
            "different native settings",
            (NativeRuntimeInfo.current().threads() + 3) + " threads",
            NativeRuntimeInfo.current().threads() + " threads");
  }
}

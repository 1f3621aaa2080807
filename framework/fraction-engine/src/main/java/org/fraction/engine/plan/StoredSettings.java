package org.fraction.engine.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fraction.engine.store.SettingsHistory;
import org.fraction.engine.store.SettingsHistory.Change;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.engine.workflow.SettingsMaps;
import org.fraction.spi.data.BadDataException;

/**
 * Compares the settings a trial was run with (its stored {@code workflow.yaml}) with the ones the
 * workflow resolves to now, before the trial is resumed. Settings that cannot change the numbers
 * (those marked incidental, the description and the trackers' blocks) may differ: each change is
 * added to the trial's settings history. Any other difference (an edited value, or a default that
 * changed between versions of Fraction or of a plugin) would continue old rounds under new
 * settings, so it stops the run, naming each key with its stored and its new value.
 */
public final class StoredSettings {

  /** The differences, split by whether they may differ on a resume. */
  public record Comparison(List<Change> incidental, List<Change> conflicting) {}

  /** Stands for a key that one side does not have. */
  static final String ABSENT = "(absent)";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private StoredSettings() {}

  public static Comparison compare(String storedDocument, Trial trial, String source)
      throws BadDataException {
    Map<String, String> stored = flat(storedDocument, source);
    Map<String, String> now = flat(trial.document(), "the resolved workflow");
    Set<String> incidental = SettingsMaps.incidentalKeys(trial.settings());
    Set<String> keys = new TreeSet<>(stored.keySet());
    keys.addAll(now.keySet());
    List<Change> mayDiffer = new ArrayList<>();
    List<Change> conflicting = new ArrayList<>();
    for (String key : keys) {
      String before = stored.getOrDefault(key, ABSENT);
      String after = now.getOrDefault(key, ABSENT);
      if (!before.equals(after)) {
        Change change = new Change(key, before, after);
        (isIncidental(key, incidental) ? mayDiffer : conflicting).add(change);
      }
    }
    return new Comparison(mayDiffer, conflicting);
  }

  private static boolean isIncidental(String key, Set<String> incidental) {
    return incidental.contains(key) || key.equals("description") || key.startsWith("tracking.");
  }

  /**
   * Before a trial resumes: fails (bad input) when a setting that changes numbers differs from the
   * stored one; returns the incidental changes, which {@link #record} keeps.
   */
  public static List<Change> checkResume(TrialDirectory dir, Trial trial) throws IOException {
    Path document = dir.path().resolve(TrialDirectory.DOCUMENT);
    if (!Files.isRegularFile(document)) {
      return List.of();
    }
    Comparison c = compare(dir.readDocument(), trial, document.toString());
    if (!c.conflicting().isEmpty()) {
      StringBuilder sb =
          new StringBuilder("trial ")
              .append(trial.id())
              .append(" was run with settings that differ from what the workflow resolves to now:");
      c.conflicting().forEach(change -> sb.append("\n  ").append(change));
      sb.append(
          "\n"
              + "resuming would mix them in one trial; to start afresh, run with a new --out or a"
              + " new name (--set name=...)");
      throw new BadDataException(document, sb.toString());
    }
    return c.incidental();
  }

  /**
   * Adds incidental changes to the trial's settings history; returns the line to show, or null for
   * none.
   */
  public static String record(TrialDirectory dir, List<Change> changes, Instant now)
      throws IOException {
    if (changes.isEmpty()) {
      return null;
    }
    Path history = SettingsHistory.append(dir, changes, now);
    return "settings that do not change results differ from the stored ones ("
        + String.join("; ", changes.stream().map(Change::toString).toList())
        + "); recorded in "
        + history;
  }

  private static Map<String, String> flat(String document, String source) throws BadDataException {
    try {
      return SettingsMaps.flatten(YAML.readValue(document, Map.class));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new BadDataException(
          Path.of(source), "cannot be read as the trial's settings: " + e.getMessage());
    }
  }
}

package org.fraction.engine.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.spi.data.BadDataException;

/**
 * Trials that differ only in their seed form a group: the group id is a short hash of the trial's
 * stored settings without {@code seed}, {@code description} and {@code tracking}.
 */
public final class SeedGroups {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper CANONICAL_JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private SeedGroups() {}

  /** The group of each trial under {@code runDir}, by trial id. */
  public static Map<String, String> of(java.nio.file.Path runDir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (TrialDirectory trial : RunResults.trials(runDir)) {
      out.put(trial.path().getFileName().toString(), groupOf(trial));
    }
    return out;
  }

  static String groupOf(TrialDirectory trial) throws IOException {
    Map<String, Object> settings;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> read = YAML.readValue(trial.readDocument(), LinkedHashMap.class);
      settings = read;
    } catch (JsonProcessingException e) {
      throw new BadDataException(
          trial.path().resolve(TrialDirectory.DOCUMENT),
          "is not a workflow document: " + e.getOriginalMessage());
    }
    if (settings == null) {
      throw new BadDataException(trial.path().resolve(TrialDirectory.DOCUMENT), "is empty");
    }
    settings.remove("seed");
    settings.remove("description");
    settings.remove("tracking");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(CANONICAL_JSON.writeValueAsBytes(settings));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

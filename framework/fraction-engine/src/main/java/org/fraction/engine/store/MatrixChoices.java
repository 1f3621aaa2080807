package org.fraction.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fraction.inference.AtomicWrite;
import org.fraction.spi.data.BadDataException;

/**
 * {@code matrix.yaml} in a trial's directory: the matrix values that made the trial, by dotted key
 * as the workflow's {@code matrix:} writes them, so that {@code results} can show what tells the
 * trials apart. Trials of a workflow without a matrix have none.
 */
public final class MatrixChoices {

  public static final String FILE = "matrix.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private MatrixChoices() {}

  /** Writes the choices, atomically; writes nothing when there are none. */
  public static void write(TrialDirectory dir, Map<String, String> choices) throws IOException {
    if (choices.isEmpty()) {
      return;
    }
    String yaml = YAML.writeValueAsString(choices);
    AtomicWrite.write(
        dir.path().resolve(FILE), tmp -> Files.writeString(tmp, yaml, StandardCharsets.UTF_8));
  }

  /**
   * The stored choices in the order written, or none for a trial without them (no matrix, or a run
   * made before they were stored).
   *
   * @throws BadDataException when the file cannot be read as a map of keys to values
   */
  public static Map<String, String> read(TrialDirectory dir) throws IOException {
    Path file = dir.path().resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      Map<String, Object> read =
          YAML.readValue(
              Files.readString(file, StandardCharsets.UTF_8),
              new TypeReference<LinkedHashMap<String, Object>>() {});
      Map<String, String> out = new LinkedHashMap<>();
      if (read != null) {
        read.forEach((k, v) -> out.put(k, v == null ? "" : v.toString()));
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new BadDataException(
          file, "cannot be read as the trial's matrix values: " + e.getOriginalMessage());
    }
  }
}

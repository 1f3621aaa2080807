package org.fraction.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a Python script on an HDF5 file with h5py (FRACTION_PYTHON) and parses what it prints. */
public final class H5py {

  private H5py() {}

  /** The JSON the script prints, given the file as its one argument. */
  public static JsonNode json(String script, Path file) throws IOException, InterruptedException {
    String python = System.getenv().getOrDefault("FRACTION_PYTHON", "python3");
    Process p =
        new ProcessBuilder(python, "-c", script, file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue())
        .as("h5py (FRACTION_PYTHON points at a Python with h5py) said:%n%s", out)
        .isZero();
    return new ObjectMapper().readTree(out);
  }
}

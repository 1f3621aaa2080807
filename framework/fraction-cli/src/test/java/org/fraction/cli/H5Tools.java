package org.fraction.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads round files with the tools researchers use outside Java: h5py and h5dump. */
final class H5Tools {

  private H5Tools() {}

  static String python() {
    String p = System.getenv("FRACTION_PYTHON");
    return p == null || p.isBlank() ? "python3" : p;
  }

  /** The fraction of ones over every dataset under /masks, computed by h5py and numpy. */
  static double h5pyMaskDensity(Path file) throws IOException, InterruptedException {
    String script =
        """
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
masks = []
f["masks"].visititems(lambda n, o: masks.append(np.asarray(o)) if isinstance(o, h5py.Dataset) else None)
print(sum(float(m.sum()) for m in masks) / sum(m.size for m in masks))
""";
    return Double.parseDouble(
        run(
                List.of(python(), "-c", script, file.toString()),
                "h5py is needed (scripts/setup installs it into .venv; FRACTION_PYTHON points at"
                    + " it)")
            .trim());
  }

  /** A scalar attribute of the root group, as h5dump prints it. */
  static double h5dumpAttribute(Path file, String attribute)
      throws IOException, InterruptedException {
    String out =
        run(
            List.of("h5dump", "-a", "/" + attribute, file.toString()),
            "h5dump is needed (Debian's hdf5-tools; scripts/setup installs it)");
    Matcher m = Pattern.compile("\\(0\\): ([-0-9.eE+]+)").matcher(out);
    if (!m.find()) {
      throw new AssertionError("h5dump printed no value for " + attribute + ":\n" + out);
    }
    return Double.parseDouble(m.group(1));
  }

  static String run(List<String> command, String hint) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(hint + ": " + e.getMessage());
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new AssertionError(hint + "; " + command.get(0) + " said:\n" + out);
    }
    return out;
  }
}

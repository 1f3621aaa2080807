package org.fraction.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trial as it travels to an executor: everything needed to run it there and nothing bound to
 * the driver's class loaders.
 *
 * @param workflow the workflow's name
 * @param trialId the id the driver planned; the executor checks that the document binds to it
 * @param document the trial's resolved workflow ({@code Trial.document()})
 * @param choices the matrix values that made the trial ({@code Trial.choices()}), which the
 *     document does not hold
 * @param storeRoot the run store's absolute path, the same on every machine (a shared filesystem)
 * @param storeMarker a file the driver wrote into the run store for this run: an executor that
 *     cannot see it is looking at another filesystem
 * @param pluginJars the file names of the {@code --plugins} jars shipped with the job
 */
public record TrialTask(
    String workflow,
    String trialId,
    String document,
    Map<String, String> choices,
    String storeRoot,
    String storeMarker,
    List<String> pluginJars)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public TrialTask {
    choices = new LinkedHashMap<>(choices);
    pluginJars = List.copyOf(pluginJars);
  }
}

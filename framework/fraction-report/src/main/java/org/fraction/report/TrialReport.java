package org.fraction.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fraction.engine.macs.NetworkMacs;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.settings.MaskSource;

/**
 * One trial of the run directory: its settings as stored, the MAC count of its network, and its
 * ticket and controls.
 *
 * @param settings every resolved setting, flattened to dotted keys
 * @param series the ticket first, then each planned control
 */
public record TrialReport(
    Trial trial,
    Path directory,
    Map<String, String> settings,
    NetworkMacs macs,
    List<SeriesReport> series) {

  public TrialReport {
    settings = Map.copyOf(settings);
    series = List.copyOf(series);
  }

  public String id() {
    return trial.id();
  }

  public SeriesReport ticket() {
    return series.get(0);
  }

  public String algebra() {
    return trial.settings().model().engine().algebra().id();
  }

  public String model() {
    return trial.settings().model().typeName();
  }

  /**
   * How the trial prunes and retrains, e.g. {@code lr-rewind} or {@code gradual}; "" without
   * pruning.
   */
  public String method() {
    return trial.settings().pruning() == null ? "" : trial.settings().pruning().engine().method();
  }

  /** The pruning strategy's type, e.g. {@code snip}; "" without pruning. */
  public String pruningType() {
    return trial.settings().pruning() == null ? "" : trial.settings().pruning().typeName();
  }

  /** Whether each round's mask is chosen at the rewind point before training (pruning at init). */
  public boolean prunesAtInit() {
    return trial.settings().pruning() != null
        && trial.settings().pruning().engine().maskSource() == MaskSource.INIT;
  }
}

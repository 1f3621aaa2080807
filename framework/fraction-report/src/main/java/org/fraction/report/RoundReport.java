package org.fraction.report;

import java.util.List;
import org.fraction.engine.results.LayerRow;
import org.fraction.engine.results.ResultRow;
import org.fraction.spi.tracking.EpochMetrics;

/**
 * One finished round of a ticket or control, with what the report adds to its results row.
 *
 * @param row exactly what {@code fraction results} shows for the round
 * @param denseMacs multiply-accumulates per image with every weight present
 * @param sparseMacs the same with each layer scaled by the density of its mask
 * @param layers the density of each layer's prunable weights
 * @param epochs the round's per-epoch metrics
 */
public record RoundReport(
    ResultRow row,
    long denseMacs,
    long sparseMacs,
    List<LayerRow> layers,
    List<EpochMetrics> epochs) {

  public RoundReport {
    layers = List.copyOf(layers);
    epochs = List.copyOf(epochs);
  }

  public int round() {
    return row.round();
  }
}

/**
 * Helpers for writing a {@link org.fraction.spi.pruning.PruningStrategy}: a strategy computes a
 * score per weight and leaves the rest to these classes. {@link
 * org.fraction.spi.pruning.select.TensorArrays} moves the context's tensors to plain arrays and the
 * chosen masks back, {@link org.fraction.spi.pruning.select.TopK} keeps the highest scores of one
 * tensor or of many jointly with exact counts, {@link
 * org.fraction.spi.pruning.select.QuaternionUnits} scores and keeps quaternions as wholes, and
 * {@link org.fraction.spi.pruning.select.PlannedCounts} states the counts a strategy promises in
 * {@link org.fraction.spi.pruning.PruningStrategy#plannedRemaining}.
 */
package org.fraction.spi.pruning.select;

package org.fraction.engine.results;

import java.util.List;

/**
 * One round of a seed group (trials that differ only in seed), for the ticket or one control: each
 * quantity's spread over the trials that finished the round.
 *
 * @param group the group id ({@link SeedGroups})
 * @param trials the ids of the trials that finished the round
 * @param seeds their seeds, in the same order
 */
public record AggregateRow(
    String group,
    String control,
    String algebra,
    String model,
    String dataset,
    int round,
    List<String> trials,
    List<Long> seeds,
    Spread density,
    Spread densityVsReal,
    Spread testAccuracy,
    Spread bestTestAccuracy,
    Spread testLoss) {

  public AggregateRow {
    trials = List.copyOf(trials);
    seeds = List.copyOf(seeds);
  }

  public int n() {
    return trials.size();
  }
}

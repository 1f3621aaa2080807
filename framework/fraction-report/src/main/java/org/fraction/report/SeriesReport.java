package org.fraction.report;

import java.util.List;

/**
 * The rounds of a ticket (control "") or of one of its controls: one line in the plots.
 *
 * @param trialId the trial's id
 * @param control "" for the ticket, else the control's name
 * @param algebra as the round files record it: {@code real} or {@code quaternion}
 * @param rounds the finished rounds, ascending
 * @param missing planned rounds without a round file
 * @param inProgress the round with an epoch checkpoint, or -1
 * @param epochsInProgress epochs of {@code inProgress} already saved
 */
public record SeriesReport(
    String trialId,
    String control,
    String algebra,
    List<RoundReport> rounds,
    List<Integer> missing,
    int inProgress,
    int epochsInProgress) {

  public SeriesReport {
    rounds = List.copyOf(rounds);
    missing = List.copyOf(missing);
  }

  public boolean isTicket() {
    return control.isEmpty();
  }

  public boolean complete() {
    return missing.isEmpty();
  }
}

package org.fraction.spi.tracking;

/**
 * A destination for metrics, registered under {@link org.fraction.spi.Kind#TRACKER} and enabled by
 * a block under {@code tracking:} named after its type ({@code tracking: {mlflow: {...}}}), or by
 * an environment variable named on one of its keys with {@link
 * org.fraction.spi.settings.FromEnvironment}.
 */
public interface Tracker {

  /** Called when a trial (or one of its controls) starts or resumes. */
  TrialTracker startTrial(TrialInfo trial);

  /**
   * Opens the record of a trial that ran before, to add files to it: {@code fraction report} hands
   * its plots and summary to each ticket's trackers this way. Only {@link TrialTracker#artifact}
   * and {@link TrialTracker#close} follow: no round events and no {@code finished}, so the trial's
   * status must stay as it was. The default starts the trial as {@link #startTrial} does; a tracker
   * whose start changes a run's status should override this to find the existing record instead.
   */
  default TrialTracker reopenTrial(TrialInfo trial) {
    return startTrial(trial);
  }

  /** Describes what remains undelivered when the run ends; empty when everything arrived. */
  default String undelivered() {
    return "";
  }
}

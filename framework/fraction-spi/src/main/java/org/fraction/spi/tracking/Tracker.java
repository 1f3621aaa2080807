package org.fraction.spi.tracking;

/**
 * A destination for metrics, registered under {@link org.fraction.spi.Kind#TRACKER} and enabled
 * by a block under {@code tracking:} named after its type ({@code tracking: {mlflow: {...}}}).
 */
public interface Tracker {

  /** Called when a trial (or one of its controls) starts or resumes. */
  TrialTracker startTrial(TrialInfo trial);

  /** Describes what remains undelivered when the run ends; empty when everything arrived. */
  default String undelivered() {
    return "";
  }
}

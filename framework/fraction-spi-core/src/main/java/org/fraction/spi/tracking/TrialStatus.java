package org.fraction.spi.tracking;

/** How a trial ended, as MLflow's run statuses. */
public enum TrialStatus {
  FINISHED,
  FAILED,
  KILLED
}

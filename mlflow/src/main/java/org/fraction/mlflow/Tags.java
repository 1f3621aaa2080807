package org.fraction.mlflow;

import java.util.List;

/** The tags by which Fraction's runs are found again on a server. */
final class Tags {

  static final String WORKFLOW = "fraction.workflow";

  /**
   * The trial id, with {@code /<control>} for a control: {@link
   * org.fraction.spi.tracking.TrialInfo#key()}.
   */
  static final String KEY = "fraction.key";

  /** {@code trial} for a trial's run, {@code round-<k>} for a round's. */
  static final String RUN = "fraction.run";

  static final String PARENT = "mlflow.parentRunId";
  static final List<String> IDENTITY = List.of(WORKFLOW, KEY, RUN);

  private Tags() {}
}

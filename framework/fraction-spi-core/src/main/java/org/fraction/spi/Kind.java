package org.fraction.spi;

import org.fraction.spi.data.Dataset;
import org.fraction.spi.optim.Schedule;
import org.fraction.spi.tracking.Tracker;

/**
 * A family of pluggable implementations. Each registered type belongs to exactly one kind; the
 * kind's name is the workflow block that selects it ({@code model: {type: ...}}).
 *
 * <p>The kinds declared here need no Deeplearning4j; the model, pruning and optimizer kinds and the
 * list of every kind are in {@code org.fraction.spi.Kinds} of the compute SPI.
 */
public record Kind<T>(String name, Class<T> type) {

  public static final Kind<Dataset> DATASET = new Kind<>("dataset", Dataset.class);
  public static final Kind<Schedule> SCHEDULE = new Kind<>("schedule", Schedule.class);
  public static final Kind<Tracker> TRACKER = new Kind<>("tracker", Tracker.class);

  @Override
  public String toString() {
    return name;
  }
}

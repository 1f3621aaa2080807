package org.fraction.spi;

import java.util.List;
import org.fraction.spi.data.Dataset;
import org.fraction.spi.model.Model;
import org.fraction.spi.optim.Optimizer;
import org.fraction.spi.optim.Schedule;
import org.fraction.spi.pruning.PruningStrategy;
import org.fraction.spi.tracking.Tracker;

/**
 * A family of pluggable implementations. Each registered type belongs to exactly one kind; the
 * kind's name is the workflow block that selects it ({@code model: {type: ...}}).
 */
public record Kind<T>(String name, Class<T> type) {

  public static final Kind<Model> MODEL = new Kind<>("model", Model.class);
  public static final Kind<Dataset> DATASET = new Kind<>("dataset", Dataset.class);
  public static final Kind<PruningStrategy> PRUNING = new Kind<>("pruning", PruningStrategy.class);
  public static final Kind<Optimizer> OPTIMIZER = new Kind<>("optimizer", Optimizer.class);
  public static final Kind<Schedule> SCHEDULE = new Kind<>("schedule", Schedule.class);
  public static final Kind<Tracker> TRACKER = new Kind<>("tracker", Tracker.class);

  public static List<Kind<?>> all() {
    return List.of(MODEL, DATASET, PRUNING, OPTIMIZER, SCHEDULE, TRACKER);
  }

  @Override
  public String toString() {
    return name;
  }
}

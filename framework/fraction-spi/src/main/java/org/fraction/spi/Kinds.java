package org.fraction.spi;

import java.util.List;
import org.fraction.spi.model.Model;
import org.fraction.spi.optim.Optimizer;
import org.fraction.spi.pruning.PruningStrategy;

/**
 * The kinds whose implementations compute with Deeplearning4j, and the list of every kind. The
 * others ({@link Kind#DATASET}, {@link Kind#SCHEDULE}, {@link Kind#TRACKER}) are in the core SPI.
 */
public final class Kinds {

  public static final Kind<Model> MODEL = new Kind<>("model", Model.class);
  public static final Kind<PruningStrategy> PRUNING = new Kind<>("pruning", PruningStrategy.class);
  public static final Kind<Optimizer> OPTIMIZER = new Kind<>("optimizer", Optimizer.class);

  private Kinds() {}

  /** Every kind, in the order the workflow file and {@code fraction plugins} list them. */
  public static List<Kind<?>> all() {
    return List.of(MODEL, Kind.DATASET, PRUNING, OPTIMIZER, Kind.SCHEDULE, Kind.TRACKER);
  }
}

package org.fraction.spi.model;

import java.util.EnumSet;
import java.util.Set;

/** A network architecture, registered under {@link org.fraction.spi.Kinds#MODEL}. */
public interface Model {

  /** The algebras this architecture can be built in. */
  default Set<Algebra> algebras() {
    return EnumSet.of(Algebra.REAL);
  }

  /**
   * The image shape the network takes for data of the given shape. The engine adapts the data: 3
   * channels to 4 appends a grey channel, 1 to 4 uses the documented grey rule, and equal channel
   * counts pass unchanged.
   */
  default InputShape inputShape(InputShape data, Algebra algebra) {
    return data;
  }

  /** Builds the network's configuration; the engine initialises and trains it. */
  Network build(ModelContext context);
}

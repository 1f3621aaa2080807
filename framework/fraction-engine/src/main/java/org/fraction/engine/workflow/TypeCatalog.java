package org.fraction.engine.workflow;

import java.util.Collection;
import java.util.Optional;
import org.fraction.spi.Kind;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginType;

/** The registered types the binder may select from, by kind. */
public interface TypeCatalog {

  <T> Optional<PluginType<?, T>> find(Kind<T> kind, String name);

  /** Every registered type name of the kind, sorted. */
  Collection<String> names(Kind<?> kind);

  /** The kind whose implementations have this interface, or empty. */
  default Optional<Kind<?>> kindOf(Class<?> implementation) {
    return Kinds.all().stream()
        .filter(k -> k.type().equals(implementation))
        .findFirst()
        .map(k -> (Kind<?>) k);
  }
}

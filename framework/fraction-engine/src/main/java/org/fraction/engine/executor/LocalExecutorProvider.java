package org.fraction.engine.executor;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.Map;

/** {@code run --executor local} (the default): trials in this process, one after another. */
public final class LocalExecutorProvider implements TrialExecutorProvider {

  public static final String NAME = "local";

  private final Provider<LocalExecutor> executor;

  @Inject
  LocalExecutorProvider(Provider<LocalExecutor> executor) {
    this.executor = executor;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TrialExecutor create(Map<String, String> options) {
    if (options.containsKey("master")) {
      throw new IllegalArgumentException(
          "--master needs a cluster executor, e.g. --executor spark");
    }
    if (!options.isEmpty()) {
      throw new IllegalArgumentException(
          "the local executor has no option '" + options.keySet().iterator().next() + "'");
    }
    return executor.get();
  }
}

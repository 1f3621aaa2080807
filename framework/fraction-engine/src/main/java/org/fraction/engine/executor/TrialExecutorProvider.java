package org.fraction.engine.executor;

import java.util.Map;

/**
 * Makes a {@link TrialExecutor} chosen with {@code run --executor NAME}. The module that provides
 * one adds it to {@link org.fraction.engine.inject.EngineModule#executors}; its constructor may ask
 * the injector for engine services.
 */
public interface TrialExecutorProvider {

  String name();

  /**
   * @param options command-line options for the executor, e.g. {@code master -> local[2]}
   * @throws IllegalArgumentException for options it cannot use (exit code 2)
   */
  TrialExecutor create(Map<String, String> options);
}

package org.fraction.engine.executor;

import java.util.Map;

/**
 * Makes a {@link TrialExecutor} chosen with {@code run --executor NAME}; found by ServiceLoader
 * ({@code META-INF/services/org.fraction.engine.executor.TrialExecutorProvider}).
 */
public interface TrialExecutorProvider {

  String name();

  /**
   * @param options command-line options for the executor, e.g. {@code master -> local[2]}
   * @throws IllegalArgumentException for options it cannot use (exit code 2)
   */
  TrialExecutor create(Map<String, String> options);
}

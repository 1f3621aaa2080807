package org.fraction.engine.train;

/**
 * The run was stopped on request (Ctrl-C); finished rounds and the last epoch checkpoint remain.
 */
public final class InterruptedRunException extends RuntimeException {
  public InterruptedRunException(String message) {
    super(message);
  }
}

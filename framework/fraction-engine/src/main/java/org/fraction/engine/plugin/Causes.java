package org.fraction.engine.plugin;

import java.lang.reflect.InvocationTargetException;

/** One line for what went wrong inside a plugin. */
final class Causes {

  private Causes() {}

  /**
   * The innermost meaningful cause as {@code Type: message}, past reflection and initialiser
   * wrappers.
   */
  static String describe(Throwable t) {
    Throwable c = t;
    while ((c instanceof InvocationTargetException || c instanceof ExceptionInInitializerError)
        && c.getCause() != null) {
      c = c.getCause();
    }
    String message = c.getMessage() == null ? "" : ": " + c.getMessage().split("\n")[0];
    return c.getClass().getSimpleName() + message;
  }
}

package org.fraction.engine.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stop request (Ctrl-C, SIGTERM). Training checks it between steps and ends the run with status
 * KILLED, so trackers record the truth; the shutdown hook waits briefly for that to happen.
 */
public final class StopSignal {

  private static volatile boolean requested;
  private static volatile CountDownLatch finished = new CountDownLatch(1);

  private StopSignal() {}

  /** Installs the JVM shutdown hook; call once from the command line's main. */
  public static void install() {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  requested = true;
                  try {
                    finished.await(20, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "fraction-stop"));
  }

  /** Throws if a stop was requested. */
  public static void check() {
    if (requested) {
      throw new InterruptedRunException("stopped on request");
    }
  }

  /** Tells the shutdown hook that the run has cleaned up. */
  public static void runEnded() {
    finished.countDown();
  }

  /** For tests. */
  static void reset() {
    requested = false;
    finished = new CountDownLatch(1);
  }

  static void request() {
    requested = true;
  }
}

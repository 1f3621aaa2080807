package org.fraction.engine.backend;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many native threads a trial computes with, chosen from the model's size.
 *
 * <p>A small model's step is a chain of short native operations: handing each to a second thread
 * costs more than it saves (LeNet-300-100 trains about twice as fast with one thread as with two).
 * A large model's operations are long enough to split (Conv-4 and ResNet-18 train faster on every
 * core). The size is the model's multiply-adds per example; below {@value #SMALL_MODEL_MACS} the
 * trial takes one thread, otherwise nd4j's default (one per core).
 *
 * <p>Three pools compute for nd4j: the BLAS library's (matrix products; nd4j's bundled OpenBLAS
 * keeps its own pthreads, which spin while they wait), OpenMP's (oneDNN's layer helpers) and nd4j's
 * own thread pool. {@link #apply} sets the first two; the third takes its size from {@code
 * OMP_NUM_THREADS} when the library loads and cannot be changed afterwards ({@code
 * Environment.setMaxThreads} does nothing in 1.0.0-M2.1). A user who set {@code OMP_NUM_THREADS} or
 * {@code OPENBLAS_NUM_THREADS} keeps what they set, and nothing is changed.
 *
 * <p>A small model's fused dense step ({@code train.fused}) uses the other cores its own way: it
 * cuts its large products into pieces that single-threaded BLAS calls compute on a team of threads
 * claiming pieces as they come free, so a thread that is late costs only its piece.
 */
public final class NativeThreads {

  /** Multiply-adds per example below which one thread is faster. */
  public static final long SMALL_MODEL_MACS = 10_000_000L;

  static final List<String> USER_VARIABLES = List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS");

  /** The most threads a dense step cuts its products over. */
  public static final int MAX_DENSE_THREADS = 4;

  private static int defaultThreads = -1;
  private static volatile int denseThreads = 1;

  private NativeThreads() {}

  /**
   * What was chosen.
   *
   * @param threads the thread count to set, or 0 to leave the pools as the user's variables made
   *     them
   * @param denseThreads the threads a fused dense step cuts its large products over, each piece a
   *     single-threaded BLAS call (1: one call, threaded as the BLAS library is)
   * @param reason why, for the {@code runtime:} line
   */
  public record Choice(int threads, int denseThreads, String reason) {}

  /**
   * The choice for a model of this size.
   *
   * @param defaultThreads nd4j's own thread count for this machine (one per core)
   */
  public static Choice choose(long macsPerExample, int defaultThreads, Map<String, String> env) {
    for (String name : USER_VARIABLES) {
      if (env.containsKey(name)) {
        return new Choice(0, 1, name + "=" + env.get(name) + ", yours");
      }
    }
    String size =
        String.format(
            Locale.ROOT,
            "%.2f M multiply-adds per example %s %d M",
            macsPerExample / 1e6,
            macsPerExample < SMALL_MODEL_MACS ? "<" : ">=",
            SMALL_MODEL_MACS / 1_000_000);
    if (macsPerExample < SMALL_MODEL_MACS) {
      return new Choice(
          1,
          Math.max(1, Math.min(defaultThreads, MAX_DENSE_THREADS)),
          "small model: " + size + "; set OMP_NUM_THREADS to choose");
    }
    return new Choice(
        Math.max(1, defaultThreads),
        1,
        "one per core: " + size + "; set OMP_NUM_THREADS to choose");
  }

  /** The choice for a model of this size on this machine, for this process's environment. */
  public static Choice choose(long macsPerExample) {
    return choose(macsPerExample, defaultThreads(), System.getenv());
  }

  /**
   * Sets every native pool to the chosen count, for the calling thread's operations (OpenMP's count
   * is per calling thread: call it from the thread that trains).
   */
  public static void apply(Choice choice) {
    denseThreads = choice.denseThreads();
    if (choice.threads() <= 0) {
      return;
    }
    defaultThreads();
    Nd4j.factory().blas().setMaxThreads(choice.threads());
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(choice.threads());
  }

  /**
   * The threads a fused dense step made now cuts its products over: the last applied choice's, 1
   * before any.
   */
  public static int denseThreads() {
    return denseThreads;
  }

  /** nd4j's thread count before any choice was applied. */
  static synchronized int defaultThreads() {
    if (defaultThreads < 0) {
      NativeBuild.select();
      defaultThreads = Nd4j.getEnvironment().maxThreads();
    }
    return defaultThreads;
  }
}

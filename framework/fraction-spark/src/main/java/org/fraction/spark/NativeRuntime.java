package org.fraction.spark;

import java.nio.file.Path;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Native settings of the JVM a trial task runs in, applied at the start of every task.
 *
 * <p>The native libraries (nd4j, OpenBLAS) are unpacked into JavaCPP's cache on first use; unless
 * the cluster sets {@code org.bytedeco.javacpp.cachedir}, that cache goes to the executor's
 * temporary directory, which is local disk (a container's own directory on YARN), not a home
 * directory that may be shared over the network.
 *
 * <p>Native threads are set to the task's CPUs ({@code spark.task.cpus}): tasks share the
 * executor's cores, and a task that spreads over all of them only slows its neighbours. The same
 * limits {@code OMP_NUM_THREADS} sets at start-up are set here at run time, because in {@code
 * local[N]} the tasks run inside the driver's JVM, whose environment is fixed.
 */
public final class NativeRuntime {

  public static final String CACHE_DIR_PROPERTY = "org.bytedeco.javacpp.cachedir";

  private NativeRuntime() {}

  /** Points JavaCPP's cache at local disk unless it was set; call before any native class loads. */
  public static synchronized void useLocalCache() {
    String set = System.getProperty(CACHE_DIR_PROPERTY);
    if (set == null || set.isBlank()) {
      Path dir =
          Path.of(
              System.getProperty("java.io.tmpdir"),
              "fraction-javacpp-" + System.getProperty("user.name", "user"));
      System.setProperty(CACHE_DIR_PROPERTY, dir.toString());
    }
  }

  /**
   * Sets the native thread count: nd4j's own pool and OpenBLAS for the whole JVM, OpenMP for the
   * calling thread (OpenMP keeps the setting per thread, so every task sets it again).
   */
  public static synchronized void threads(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("native threads must be at least 1, got " + count);
    }
    Nd4j.getEnvironment().setMaxThreads(count);
    Nd4j.getEnvironment().setMaxMasterThreads(count);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(count);
    Nd4j.factory().blas().setMaxThreads(count);
  }
}

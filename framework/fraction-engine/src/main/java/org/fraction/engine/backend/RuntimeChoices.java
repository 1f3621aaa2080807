package org.fraction.engine.backend;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one line {@code run} prints about what it runs with: native threads, the threads a fused
 * dense step cuts its products over, and OpenMP's wait policy (and who chose them, and why), the
 * native build, the BLAS library, the JVM's collector and heap.
 *
 * <p>The launcher sets OpenMP's variables before the JVM starts (OpenMP reads them when nd4j's
 * library loads) and names the ones it chose in {@value #CHOSEN_VARIABLE}; the others are the
 * user's.
 */
public final class RuntimeChoices {

  /** Set by the launcher: the variables it chose, comma-separated. */
  public static final String CHOSEN_VARIABLE = "FRACTION_LAUNCHER_CHOSE";

  private RuntimeChoices() {}

  /** The line for this process, whose native threads were chosen as {@code threads} says. */
  public static String describe(NativeThreads.Choice threads) {
    var blas = Nd4j.factory().blas();
    List<String> collectors =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .toList();
    NativeRuntimeInfo runtime = NativeRuntimeInfo.current(); // what the round files record
    return describe(
        System.getenv(),
        runtime.threads(),
        threads.reason(),
        threads.denseThreads(),
        blas.getMaxThreads(),
        runtime.build(),
        blas.getBlasVendor().name(),
        collectors,
        Runtime.getRuntime().maxMemory());
  }

  static String describe(
      Map<String, String> env,
      int threads,
      String threadReason,
      int denseThreads,
      int blasThreads,
      String build,
      String blas,
      List<String> collectors,
      long maxHeap) {
    List<String> chosen = List.of(env.getOrDefault(CHOSEN_VARIABLE, "").split(","));
    return String.format(
        Locale.ROOT,
        "runtime: %d native threads (%s), %d BLAS threads, dense layers' products on %d %s,"
            + " OpenMP wait policy %s, native build %s, BLAS %s, %s, heap up to %s",
        threads,
        threadReason,
        blasThreads,
        denseThreads,
        denseThreads == 1 ? "thread" : "threads",
        variable(env, chosen, "OMP_WAIT_POLICY", "unset (OpenMP's default)"),
        build,
        blas.toLowerCase(Locale.ROOT),
        gc(collectors),
        gib(maxHeap));
  }

  private static String variable(
      Map<String, String> env, List<String> chosen, String name, String unset) {
    String value = env.get(name);
    if (value == null) {
      return unset;
    }
    return value
        + (chosen.contains(name)
            ? " (launcher's default; set " + name + " to choose)"
            : " (yours)");
  }

  private static String gc(List<String> collectors) {
    String names = collectors.stream().collect(Collectors.joining(", "));
    return names.contains("Copy") || names.contains("MarkSweepCompact")
        ? "JVM serial collector"
        : names.contains("G1")
            ? "JVM G1 collector"
            : names.contains("PS ") ? "JVM parallel collector" : "JVM collector";
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
  }
}

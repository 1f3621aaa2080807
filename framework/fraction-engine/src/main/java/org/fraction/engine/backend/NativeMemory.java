package org.fraction.engine.backend;

import java.lang.reflect.Method;
import org.bytedeco.javacpp.Pointer;

/**
 * Gives memory that native code freed back to the operating system when the process has grown.
 *
 * <p>oneDNN allocates its reordered copies of activations and weights afresh for every convolution
 * and frees them after it; glibc keeps most of that memory in its arenas, fragmented, so a
 * ResNet-18 at batch 128 grows by most of a gigabyte per step until it holds about 5 GB. {@code
 * malloc_trim} (which JavaCPP calls {@code Pointer.trimMemory}) returns the free pages; called once
 * the resident size has grown by {@link #SLACK} since the last call, it keeps that model near 3 GB
 * at a cost of well under 0.1 s per step, and never runs for small models.
 */
public final class NativeMemory {

  /** Growth of the resident size that triggers a trim. */
  static final long SLACK = 256L << 20;

  private static final Method TRIM = trimMethod();
  private static final boolean ENABLED =
      !"false".equals(System.getProperty("fraction.trim-memory"));

  private long baseline = -1;

  /** Call after each training step. */
  public void afterStep() {
    if (TRIM == null || !ENABLED) {
      return;
    }
    long rss = Pointer.physicalBytes();
    if (baseline < 0) {
      // the first step is Deeplearning4j's workspace-learning step: what it allocated outside the
      // workspaces is free now, and would otherwise stay resident while the next step allocates
      // the workspaces themselves
      trim();
      baseline = Pointer.physicalBytes();
    } else if (rss > baseline + SLACK) {
      trim();
      baseline = Pointer.physicalBytes();
    }
  }

  /** Returns free native memory to the system now; false where that is not possible. */
  public static boolean trim() {
    try {
      return TRIM != null && (boolean) TRIM.invoke(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static Method trimMethod() {
    try {
      Method m = Pointer.class.getDeclaredMethod("trimMemory");
      m.setAccessible(true);
      return m;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}

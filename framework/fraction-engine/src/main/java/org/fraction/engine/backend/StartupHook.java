package org.fraction.engine.backend;

import org.nd4j.linalg.cpu.nativecpu.CpuBackend;

/**
 * Not a backend of its own: nd4j instantiates every registered backend before it loads native code,
 * which makes this the one place that runs first in every process (the command line, tests,
 * benchmarks, executors). It chooses the native build and ranks below the real CPU backend, so nd4j
 * never uses it.
 */
public final class StartupHook extends CpuBackend {

  public StartupHook() {
    NativeBuild.select();
  }

  @Override
  public int getPriority() {
    return Integer.MIN_VALUE;
  }
}

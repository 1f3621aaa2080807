package org.fraction.engine.backend;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The native settings that decide a run's last digits: the thread count (float sums are reduced in
 * a different order with another count) and the nd4j-native build that was loaded.
 *
 * @param threads OpenMP threads of the calling thread (what nd4j's kernels use)
 * @param build the platform and build, e.g. {@code linux-x86_64-onednn-avx512}
 */
public record NativeRuntimeInfo(int threads, String build) {

  /** What this thread computes with now (loads the native library if it is not yet loaded). */
  public static NativeRuntimeInfo current() {
    String extension = NativeBuild.select();
    Nd4j.getBackend();
    int threads = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    return new NativeRuntimeInfo(threads, NativeBuild.PLATFORM + extension);
  }
}

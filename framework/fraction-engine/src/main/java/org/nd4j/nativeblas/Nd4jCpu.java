package org.nd4j.nativeblas;

/**
 * Restores the method Deeplearning4j 1.0.0-M2.1's oneDNN helpers look up to see whether oneDNN is
 * on: {@code BaseMKLDNNHelper} reflects on {@code org.nd4j.nativeblas.Nd4jCpu$Environment
 * #isUseMKLDNN()}, which nd4j of the same release moved to {@code
 * org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment#isUseONEDNN()}. Without this class the
 * lookup fails, silently, and every layer runs Deeplearning4j's slow built-in path.
 */
public final class Nd4jCpu {

  private Nd4jCpu() {}

  /** The environment as the helpers see it. */
  public static final class Environment {

    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    public boolean isUseMKLDNN() {
      return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
    }
  }
}

package org.fraction.engine.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Chooses the nd4j-native build for this CPU before nd4j loads it, and switches on Deeplearning4j's
 * oneDNN layer helpers.
 *
 * <p>The nd4j-native jars on the class path each hold one build of the native library, named by a
 * classifier extension: {@code -onednn} (any x86-64), {@code -onednn-avx2}, {@code -onednn-avx512}.
 * JavaCPP loads the one named by the system property {@value #EXTENSION_PROPERTY}; left unset, it
 * takes the first it finds in a fixed order, which may be a build this CPU cannot run. {@link
 * #select()} sets the property to the fastest build that is bundled and that the CPU supports,
 * unless the user set it. It runs from {@link StartupHook}, which nd4j instantiates before it loads
 * any native code.
 *
 * <p>Deeplearning4j 1.0.0-M2.1 creates its oneDNN helpers (convolution, pooling, batch
 * normalisation) only when {@value #HELPERS_DISABLE_PROPERTY} is false; its default is true. {@link
 * #select()} sets it to false unless the user set it.
 */
public final class NativeBuild {

  public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
  public static final String HELPERS_DISABLE_PROPERTY =
      "org.eclipse.deeplearning4j.helpers.disable";
  static final String PLATFORM = "linux-x86_64";

  /** What the AVX-512 builds are compiled for (Skylake-X and later, Zen 4). */
  static final Set<String> AVX512 =
      Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

  static final Set<String> AVX2 = Set.of("avx", "avx2", "fma", "f16c");

  private static volatile String selected;

  private NativeBuild() {}

  /**
   * The extension of the build to load: the most specific one that is bundled and that a CPU with
   * these flags runs; "" for the plain build.
   */
  public static String choose(Set<String> cpuFlags, Predicate<String> bundled) {
    List<String> candidates =
        cpuFlags.containsAll(AVX512)
            ? List.of("-onednn-avx512", "-onednn-avx2", "-onednn", "-avx512", "-avx2")
            : cpuFlags.containsAll(AVX2)
                ? List.of("-onednn-avx2", "-onednn", "-avx2")
                : List.of("-onednn");
    return candidates.stream().filter(bundled).findFirst().orElse("");
  }

  /**
   * Sets the build and the helper switch (once; settings made by the user win). Returns the
   * extension.
   */
  public static synchronized String select() {
    if (selected == null) {
      String given = System.getProperty(EXTENSION_PROPERTY);
      if (given == null) {
        given = choose(cpuFlags(), NativeBuild::bundled);
        System.setProperty(EXTENSION_PROPERTY, given);
      }
      if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) {
        System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
      }
      selected = given;
    }
    return selected;
  }

  /** Whether the class path holds the native library of the build with this extension. */
  static boolean bundled(String extension) {
    String resource =
        "org/nd4j/linalg/cpu/nativecpu/bindings/" + PLATFORM + extension + "/libnd4jcpu.so";
    ClassLoader loader = NativeBuild.class.getClassLoader();
    return loader != null && loader.getResource(resource) != null;
  }

  /** The CPU's feature flags from /proc/cpuinfo; empty where there is none. */
  static Set<String> cpuFlags() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return flags(lines);
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
  }

  /** The feature flags of the first processor in a /proc/cpuinfo text; empty where it has none. */
  static Set<String> flags(Stream<String> cpuinfo) {
    return cpuinfo
        .filter(l -> l.startsWith("flags"))
        .findFirst()
        .map(l -> Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
        .orElse(Set.of());
  }
}

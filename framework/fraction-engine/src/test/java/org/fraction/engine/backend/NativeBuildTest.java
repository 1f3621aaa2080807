package org.fraction.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class NativeBuildTest {

  static final Predicate<String> ALL_BUNDLED =
      e -> Set.of("-onednn", "-onednn-avx2", "-onednn-avx512").contains(e);

  // abridged /proc/cpuinfo lines of three real processors
  static final String SKYLAKE_X =
      "flags\t\t: fpu vme sse sse2 ssse3 sse4_1 sse4_2 avx f16c fma avx2 avx512f avx512dq avx512cd"
          + " avx512bw avx512vl";
  static final String HASWELL =
      "flags\t\t: fpu vme sse sse2 ssse3 sse4_1 sse4_2 avx f16c fma avx2 bmi2";
  static final String SANDY_BRIDGE =
      "flags\t\t: fpu vme sse sse2 ssse3 sse4_1 sse4_2 popcnt aes avx";

  static Set<String> flags(String flagsLine) {
    return NativeBuild.flags(
        Stream.of("processor\t: 0", "model name\t: test", flagsLine, "bogomips\t: 4000"));
  }

  @Test
  void aCpuWithAvx512GetsTheAvx512Build() {
    assertThat(NativeBuild.choose(flags(SKYLAKE_X), ALL_BUNDLED)).isEqualTo("-onednn-avx512");
  }

  @Test
  void aCpuWithAvx2ButNoAvx512GetsTheAvx2Build() {
    assertThat(flags(HASWELL)).contains("avx2").doesNotContain("avx512f");
    assertThat(NativeBuild.choose(flags(HASWELL), ALL_BUNDLED)).isEqualTo("-onednn-avx2");
  }

  @Test
  void aCpuWithoutAvx2GetsTheGenericBuild() {
    assertThat(NativeBuild.choose(flags(SANDY_BRIDGE), ALL_BUNDLED)).isEqualTo("-onednn");
  }

  @Test
  void aCpuMissingOneOfTheAvx512SubsetsDoesNotGetTheAvx512Build() {
    // avx512f alone (e.g. Knights Landing) is not what the AVX-512 build is compiled for
    String partial = HASWELL + " avx512f avx512cd";
    assertThat(NativeBuild.choose(flags(partial), ALL_BUNDLED)).isEqualTo("-onednn-avx2");
  }

  @Test
  void unknownFlagsGetTheGenericBuild() {
    assertThat(NativeBuild.flags(Stream.of("processor\t: 0"))).isEmpty();
    assertThat(NativeBuild.choose(Set.of(), ALL_BUNDLED)).isEqualTo("-onednn");
  }

  @Test
  void onlyBundledBuildsAreChosen() {
    assertThat(NativeBuild.choose(flags(SKYLAKE_X), e -> e.equals("-onednn"))).isEqualTo("-onednn");
    assertThat(NativeBuild.choose(flags(SKYLAKE_X), e -> e.equals("-avx2"))).isEqualTo("-avx2");
    // nothing specific bundled: the plain build
    assertThat(NativeBuild.choose(flags(HASWELL), e -> false)).isEmpty();
  }

  @Test
  void theBuildChosenForThisCpuIsTheOneLoadedWithHelpersOn() {
    Nd4j.create(1); // loads the backend, which selects the build first
    String chosen = NativeBuild.choose(NativeBuild.cpuFlags(), NativeBuild::bundled);
    assertThat(NativeBuild.bundled(chosen)).isTrue();
    assertThat(System.getProperty(NativeBuild.EXTENSION_PROPERTY)).isEqualTo(chosen);
    assertThat(Loader.getLoadedLibraries().get("nd4jcpu"))
        .contains("/" + NativeBuild.PLATFORM + chosen + "/");
    assertThat(System.getProperty(NativeBuild.HELPERS_DISABLE_PROPERTY)).isEqualTo("false");
    assertThat(org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN()).isTrue();
  }
}

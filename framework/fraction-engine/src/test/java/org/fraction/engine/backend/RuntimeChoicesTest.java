package org.fraction.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeChoicesTest {

  @Test
  void saysTheLauncherChoseTheWaitPolicyWhenItDid() {
    String line =
        RuntimeChoices.describe(
            Map.of("OMP_WAIT_POLICY", "PASSIVE", RuntimeChoices.CHOSEN_VARIABLE, "OMP_WAIT_POLICY"),
            2,
            "one per core: 98.00 M multiply-adds per example >= 10 M; set OMP_NUM_THREADS to"
                + " choose",
            1,
            2,
            "linux-x86_64-onednn-avx512",
            "OPENBLAS",
            List.of("Copy", "MarkSweepCompact"),
            6L << 30);
    assertThat(line)
        .isEqualTo(
            "runtime: 2 native threads (one per core: 98.00 M multiply-adds per example >= 10 M;"
                + " set OMP_NUM_THREADS to choose), 2 BLAS threads, dense layers' products on 1"
                + " thread, OpenMP wait policy PASSIVE"
                + " (launcher's default; set OMP_WAIT_POLICY to choose), native build"
                + " linux-x86_64-onednn-avx512, BLAS openblas, JVM serial collector, heap up to 6.0"
                + " GiB");
  }

  @Test
  void aPolicyTheUserSetIsTheirs() {
    String line =
        RuntimeChoices.describe(
            Map.of("OMP_WAIT_POLICY", "active", RuntimeChoices.CHOSEN_VARIABLE, ""),
            1,
            "OMP_NUM_THREADS=1, yours",
            1,
            1,
            "linux-x86_64-onednn",
            "MKL",
            List.of("G1 Young Generation", "G1 Old Generation"),
            1L << 30);
    assertThat(line)
        .contains("OpenMP wait policy active (yours)")
        .contains("JVM G1 collector")
        .contains("heap up to 1.0 GiB");
  }

  @Test
  void anUnsetPolicyIsOpenMpsDefault() {
    String line =
        RuntimeChoices.describe(
            Map.of(),
            2,
            "one per core",
            1,
            2,
            "linux-x86_64",
            "OPENBLAS",
            List.of("PS Scavenge"),
            1L << 30);
    assertThat(line)
        .contains("OpenMP wait policy unset (OpenMP's default)")
        .contains("JVM parallel collector");
  }
}

package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code fraction} launcher script, run as a user runs it. It is copied into a directory laid
 * out like a built checkout whose class path is this test's, so it starts the CLI at once instead
 * of building.
 */
class LauncherTest {

  @TempDir Path home;
  Path launcher;

  @BeforeEach
  void layOutABuiltCheckout() throws IOException {
    Path script = Path.of("../../fraction").toAbsolutePath().normalize();
    launcher = home.resolve("fraction");
    Files.copy(script, launcher);
    Path target = Files.createDirectories(home.resolve("framework/fraction-cli/target"));
    Files.writeString(target.resolve("classpath.txt"), System.getProperty("java.class.path"));
    try (OutputStream out = Files.newOutputStream(target.resolve("fraction-cli-0-SNAPSHOT.jar"));
        JarOutputStream jar = new JarOutputStream(out, new Manifest())) {
      jar.flush();
    }
    Files.createFile(target.resolve(".launcher-built"));
  }

  ProcessBuilder launch(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(launcher.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
        .redirectOutput(home.resolve("launcher.log").toFile());
    pb.environment().put("FRACTION_JAVA_OPTS", "-Xmx512m");
    pb.environment().putAll(env);
    return pb;
  }

  @Test
  void nonAsciiPathsWorkUnderTheCLocale() throws Exception {
    Path workflow = Files.createDirectories(home.resolve("wf dir ü")).resolve("wf.yaml");
    Files.writeString(workflow, BadInputTest.QUICK);
    Process p = launch(Map.of("LC_ALL", "C", "LANG", "C"), "validate", workflow.toString()).start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String log = Files.readString(home.resolve("launcher.log"));
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(log).doesNotContain("Malformed");
  }

  /**
   * SIGTERM to the launcher of {@code predict} reaches its java child. A stand-in {@code java} on
   * the PATH records its process id and waits, as a JVM reading a long input would.
   */
  @Test
  void predictPassesTermToItsJavaChild() throws Exception {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path pidFile = home.resolve("java.pid");
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho $$ > '" + pidFile + "'\nexec sleep 300\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Process p = launch(Map.of("PATH", bin + ":" + System.getenv("PATH")), "predict", "model.fxm", "--input", "images").start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
      assertThat(System.nanoTime()).as("java started").isLessThan(deadline);
      Thread.sleep(50);
    }
    long javaPid = Long.parseLong(Files.readString(pidFile).trim());
    Optional<ProcessHandle> child = ProcessHandle.of(javaPid);
    assertThat(child).isPresent();

    p.destroy(); // SIGTERM
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    try {
      assertThat(child.get().onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    } catch (TimeoutException e) {
      child.get().destroyForcibly();
      throw new AssertionError("java is still running after the launcher was sent SIGTERM");
    }
    assertThat(p.exitValue()).isEqualTo(143);
  }
}

package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
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
  @TempDir Path work;
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
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
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
   * A stand-in CLI whose main records its process id, prints the JVM's incubator notice (which the
   * launcher leaves out) and waits, as predict on a long input would; jarred as the launcher's own
   * jar so that a real JVM runs it.
   */
  Path standInCli(Path pidFile) throws IOException {
    Path src = Files.createDirectories(work.resolve("src/org/fraction/cli")).resolve("Main.java");
    Files.writeString(
        src,
        """
package org.fraction.cli;
public class Main {
  public static void main(String[] args) throws Exception {
    System.err.println("WARNING: Using incubator modules: jdk.incubator.vector");
    boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    java.nio.file.Files.writeString(java.nio.file.Path.of("%s"), ProcessHandle.current().pid() + " " + vector);
    Thread.sleep(300_000);
  }
}
"""
            .formatted(pidFile));
    Path classes = work.resolve("classes");
    assertThat(
            ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", classes.toString(), src.toString()))
        .isZero();
    Path target = home.resolve("framework/fraction-cli/target");
    try (OutputStream out = Files.newOutputStream(target.resolve("fraction-cli-0-SNAPSHOT.jar"));
        JarOutputStream jar = new JarOutputStream(out, new Manifest())) {
      jar.putNextEntry(new JarEntry("org/fraction/cli/Main.class"));
      jar.write(Files.readAllBytes(classes.resolve("org/fraction/cli/Main.class")));
      jar.closeEntry();
    }
    Files.writeString(target.resolve("classpath.txt"), "");
    return pidFile;
  }

  /**
   * Every command's java runs with the Vector API module (the fused training step and predict's
   * kernels use it), without its notice; SIGTERM and SIGINT to the launcher reach the java child,
   * which ends with 128 + the signal.
   */
  @Test
  void commandsRunWithTheVectorModuleAndPassTermAndIntToTheirJavaChild() throws Exception {
    for (String[] command :
        List.of(
            new String[] {"predict", "model.fxm", "--input", "images"},
            new String[] {"run", "wf.yaml"})) {
      for (String signal : new String[] {"TERM", "INT"}) {
        signalReachesJava(command, signal);
      }
    }
  }

  private void signalReachesJava(String[] command, String signal) throws Exception {
    Path pidFile = standInCli(work.resolve(command[0] + "-" + signal + ".pid"));
    Process p = launch(Map.of(), command).start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!Files.exists(pidFile) || !Files.readString(pidFile).matches("\\d+ (true|false)")) {
      assertThat(System.nanoTime()).as("java started").isLessThan(deadline);
      Thread.sleep(50);
    }
    String[] started = Files.readString(pidFile).trim().split(" ");
    assertThat(started[1]).as("the Vector API module is in the boot layer").isEqualTo("true");
    ProcessHandle java = ProcessHandle.of(Long.parseLong(started[0])).orElseThrow();

    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor())
        .isZero();
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    try {
      java.onExit().get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      java.destroyForcibly();
      throw new AssertionError("java is still running after the launcher was sent SIG" + signal);
    }
    assertThat(p.exitValue()).isEqualTo(signal.equals("TERM") ? 143 : 130);
    assertThat(Files.readString(home.resolve("launcher.log")))
        .doesNotContain("WARNING: Using incubator modules");
  }
}

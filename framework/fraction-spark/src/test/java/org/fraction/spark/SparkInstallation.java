package org.fraction.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a Spark installation would hold, built from this module's class path files ({@code
 * target/spark-classpath.txt} and {@code target/classpath.txt}): Spark's jars and the libraries it
 * shares with the application, but nothing that only the application jar brings.
 */
final class SparkInstallation {

  /**
   * Only the application jar brings these: a JVM started from the installation must load them from
   * it.
   */
  private static final List<String> APPLICATION_ONLY =
      List.of(
          "/org/nd4j/",
          "/org/bytedeco/",
          "/org/deeplearning4j/",
          "/com/google/inject/",
          "/io/jhdf/",
          "/commons-cli/",
          "/org/mlflow/",
          "fraction-");

  private SparkInstallation() {}

  static String classPath(Path target) throws IOException {
    Set<String> out = new LinkedHashSet<>(entries(target.resolve("spark-classpath.txt")));
    for (String e : entries(target.resolve("classpath.txt"))) {
      if (APPLICATION_ONLY.stream().noneMatch(e::contains)) {
        out.add(e);
      }
    }
    return String.join(File.pathSeparator, out);
  }

  /** Spark's --add-opens flags, as spark-submit gives every JVM it starts. */
  static List<String> jvmOptions(Path target) throws IOException {
    return Arrays.asList(
        Files.readString(target.resolve("driver-jvm.options")).strip().split("\\s+"));
  }

  private static List<String> entries(Path classPathFile) throws IOException {
    return Arrays.asList(Files.readString(classPathFile).strip().split(File.pathSeparator));
  }
}

package org.fraction.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fraction.cli.Main;

/**
 * The application jar's main class for spark-submit: the fraction command line, where {@code run}
 * uses the Spark executor unless told otherwise and takes the master from spark-submit.
 *
 * <pre>spark-submit --master spark://host:7077 --class org.fraction.spark.SparkMain \
 *     fraction-spark-app.jar run workflow.yaml --out /shared/runs</pre>
 */
public final class SparkMain {

  private SparkMain() {}

  public static void main(String[] args) {
    Main.main(arguments(args));
  }

  static String[] arguments(String[] args) {
    List<String> out = new ArrayList<>(Arrays.asList(args));
    boolean chosen =
        out.stream().anyMatch(a -> a.equals("--executor") || a.startsWith("--executor="));
    if (!out.isEmpty() && out.get(0).equals("run") && !chosen) {
      out.add("--executor");
      out.add("spark");
    }
    return out.toArray(String[]::new);
  }
}

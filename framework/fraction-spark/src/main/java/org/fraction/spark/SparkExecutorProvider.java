package org.fraction.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.fraction.engine.executor.TrialExecutor;
import org.fraction.engine.executor.TrialExecutorProvider;

/** {@code run --executor spark --master URL}: trials as Apache Spark tasks. */
public final class SparkExecutorProvider implements TrialExecutorProvider {

  private static final Pattern MASTER =
      Pattern.compile(
          "local(\\[(\\*|\\d+)(,\\s*\\d+)?])?|local-cluster\\[.+]|spark://.+|yarn|k8s://.+|mesos://.+");

  /** Cluster managers that live in Spark modules of their own, by master URL prefix. */
  private static final Map<String, String> MANAGERS =
      Map.of(
          "yarn", "org.apache.spark.scheduler.cluster.YarnClusterManager",
          "k8s://", "org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager");

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public TrialExecutor create(Map<String, String> options) {
    for (String key : options.keySet()) {
      if (!key.equals("master")) {
        throw new IllegalArgumentException("the spark executor has no option '" + key + "'");
      }
    }
    String given = options.get("master");
    String master = given == null || given.isBlank() ? System.getProperty("spark.master") : given;
    if (master == null || master.isBlank()) {
      throw new IllegalArgumentException(
          "--executor spark needs --master URL: local[N], spark://HOST:7077, yarn or"
              + " k8s://https://HOST:PORT");
    }
    if (!MASTER.matcher(master).matches()) {
      throw new IllegalArgumentException(
          "--master "
              + master
              + ": not a Spark master URL; expected local[N], spark://HOST:7077, yarn or"
              + " k8s://https://HOST:PORT");
    }
    for (Map.Entry<String, String> manager : MANAGERS.entrySet()) {
      if (master.startsWith(manager.getKey()) && !onClassPath(manager.getValue())) {
        throw new IllegalArgumentException(
            "--master "
                + master
                + ": this class path has no Spark support for "
                + manager.getKey()
                + "; submit the application jar with spark-submit from a Spark installation that"
                + " has");
      }
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.master", master);
    if (!master.startsWith("local") && !hasJars()) {
      settings.put(
          "spark.jars",
          ApplicationJar.locate()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--master "
                              + master
                              + ": the executors need the application jar; build it with 'mvn -pl"
                              + " framework/fraction-spark -am package -DskipTests' or run through"
                              + " spark-submit"))
              .toString());
    }
    return new SparkTrialExecutor(settings);
  }

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, SparkExecutorProvider.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static boolean hasJars() {
    String jars = System.getProperty("spark.jars");
    return jars != null && !jars.isBlank();
  }
}

package org.fraction.engine.store;

/**
 * One instability analysis of a trial's round: the test accuracy and loss at evenly spaced points
 * on the straight line between two copies trained from the same rewind point.
 *
 * @param rewind where both copies started: {@code init}, {@code <N>it} or {@code <N>ep}
 * @param trialRewind whether that is the trial's own rewind point
 * @param seeds the two copies' data-order seeds
 * @param epochs epochs each copy trained
 * @param alpha the interpolation weight of the second copy at each point, 0 to 1
 */
public record StabilityResult(
    String trial,
    int round,
    String rewind,
    boolean trialRewind,
    boolean recomputeBatchNorm,
    long[] seeds,
    long epochs,
    double[] alpha,
    double[] testAccuracy,
    double[] testLoss) {

  public static StabilityResult of(
      String trial,
      int round,
      String rewind,
      boolean trialRewind,
      boolean recomputeBatchNorm,
      long[] seeds,
      long epochs,
      double[] alpha,
      double[] testAccuracy,
      double[] testLoss) {
    return new StabilityResult(
        trial,
        round,
        rewind,
        trialRewind,
        recomputeBatchNorm,
        seeds.clone(),
        epochs,
        alpha.clone(),
        testAccuracy.clone(),
        testLoss.clone());
  }

  public int points() {
    return alpha.length;
  }

  public double testError(int point) {
    return 1 - testAccuracy[point];
  }

  /** The largest test error on the path less the mean of the two end points' errors. */
  public double errorBarrier() {
    double[] error = new double[alpha.length];
    for (int i = 0; i < error.length; i++) {
      error[i] = testError(i);
    }
    return barrier(error);
  }

  /** The same for the test loss. */
  public double lossBarrier() {
    return barrier(testLoss);
  }

  private static double barrier(double[] path) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : path) {
      max = Math.max(max, v);
    }
    return max - (path[0] + path[path.length - 1]) / 2;
  }
}

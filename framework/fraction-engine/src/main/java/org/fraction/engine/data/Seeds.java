package org.fraction.engine.data;

/**
 * Derives independent, reproducible seeds from a trial's seed and a purpose, so that the data order
 * of round 3, epoch 2 is the same on every run and never correlated with weight init.
 */
public final class Seeds {

  private Seeds() {}

  public static long derive(long seed, String purpose, long... indices) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (int n = 0; n < purpose.length(); n++) {
      h = mix(h ^ purpose.charAt(n));
    }
    for (long i : indices) {
      h = mix(h ^ (i + 0x632BE59BD9B4E019L));
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

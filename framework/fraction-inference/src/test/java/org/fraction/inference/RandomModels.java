package org.fraction.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small random models with weights of a chosen density, for tests. */
final class RandomModels {

  enum Form {
    REAL,
    QUATERNION,
    COMPONENTS
  }

  private final SplittableRandom random;
  private final double density;

  RandomModels(long seed, double density) {
    this.random = new SplittableRandom(seed);
    this.density = density;
  }

  float[] vector(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }

  private float[] sparseValues(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() < density) {
        v[i] = (float) (random.nextDouble() * 2 - 1) * 0.5f;
      }
    }
    return v;
  }

  Weight weight(Form form, int[] realShape, int[] componentShape) {
    switch (form) {
      case REAL -> {
        int n = (int) Weight.product(realShape);
        return Weight.Real.sparse(realShape, sparseValues(n));
      }
      case QUATERNION -> {
        int n = (int) Weight.product(componentShape);
        List<Integer> positions = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (int p = 0; p < n; p++) {
          if (random.nextDouble() < density) {
            positions.add(p);
            for (int c = 0; c < 4; c++) {
              values.add((float) (random.nextDouble() * 2 - 1) * 0.5f);
            }
          }
        }
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = values.get(i);
        }
        return new Weight.Quaternion(
            componentShape, positions.stream().mapToInt(Integer::intValue).toArray(), v);
      }
      default -> {
        int n = (int) Weight.product(componentShape);
        Weight.Real[] c = new Weight.Real[4];
        for (int k = 0; k < 4; k++) {
          c[k] = Weight.Real.sparse(componentShape, sparseValues(n));
        }
        return new Weight.QuaternionComponents(componentShape, c);
      }
    }
  }

  NodeSpec.Dense dense(
      String name, String input, int in, int out, Form form, Activation act, boolean scale) {
    return new NodeSpec.Dense(
        name,
        input,
        in,
        out,
        weight(form, new int[] {in, out}, new int[] {in / 4, out / 4}),
        vector(out),
        scale ? vector(out) : null,
        act);
  }

  NodeSpec.Convolution conv(
      String name,
      String input,
      int in,
      int out,
      int k,
      int stride,
      int pad,
      Form form,
      Activation act,
      boolean scale) {
    return new NodeSpec.Convolution(
        name,
        input,
        in,
        out,
        new int[] {k, k},
        new int[] {stride, stride},
        new int[] {pad, pad, pad, pad},
        weight(form, new int[] {out, in, k, k}, new int[] {in / 4, out / 4, k, k}),
        vector(out),
        scale ? vector(out) : null,
        act);
  }

  static ModelSpec model(InputSpec input, int classes, List<NodeSpec> nodes) {
    return new ModelSpec(input, classes, nodes, Map.of("model", "test"));
  }
}

package org.fraction.plugins.pruning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.GradientOracle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A hand-made gradient oracle over a flat weight vector (the tensors in map order, c order): the
 * loss is L(θ) = g·θ + θᵀHθ / 2 for a fixed g and symmetric H, so its gradient is g + Hθ and its
 * Hessian H; the objective is a bias-free two-layer linear network's R = 1ᵀ|W1||W2|1. Records the
 * image counts and temperatures it was asked for.
 */
final class FakeGradients implements GradientOracle {

  final double[] linear;
  final double[][] hessian;
  final List<Integer> images = new ArrayList<>();
  final List<Double> temperatures = new ArrayList<>();
  int objectiveCalls;

  FakeGradients(double[] linear, double[][] hessian) {
    this.linear = linear;
    this.hessian = hessian;
  }

  @Override
  public int classes() {
    return 10;
  }

  @Override
  public Map<ParameterRef, INDArray> lossGradients(
      Map<ParameterRef, INDArray> weights, int images, double temperature) {
    this.images.add(images);
    this.temperatures.add(temperature);
    double[] theta = flat(weights);
    double[] g = linear.clone();
    double[] h = times(hessian, theta);
    for (int i = 0; i < g.length; i++) {
      g[i] += h[i];
    }
    return unflat(weights, g);
  }

  @Override
  public Map<ParameterRef, INDArray> hessianVectorProduct(
      Map<ParameterRef, INDArray> weights,
      Map<ParameterRef, INDArray> vector,
      int images,
      double temperature) {
    this.images.add(images);
    this.temperatures.add(temperature);
    return unflat(weights, times(hessian, flat(vector)));
  }

  /**
   * For weights {W1 (a x b), W2 (b x c)}: ∂R/∂|W1|[i][j] = Σ_k |W2|[j][k], ∂R/∂|W2|[j][k] = Σ_i
   * |W1|[i][j].
   */
  @Override
  public Map<ParameterRef, INDArray> objectiveGradients(
      Map<ParameterRef, INDArray> weights, boolean absolute, LogitObjective objective) {
    objectiveCalls++;
    List<ParameterRef> refs = new ArrayList<>(weights.keySet());
    double[][] w1 = abs(weights.get(refs.get(0)).toDoubleMatrix());
    double[][] w2 = abs(weights.get(refs.get(1)).toDoubleMatrix());
    double[][] g1 = new double[w1.length][w1[0].length];
    double[][] g2 = new double[w2.length][w2[0].length];
    for (int j = 0; j < w2.length; j++) {
      double rowSum = 0;
      for (double v : w2[j]) {
        rowSum += v;
      }
      double colSum = 0;
      for (double[] r : w1) {
        colSum += r[j];
      }
      for (int i = 0; i < w1.length; i++) {
        g1[i][j] = rowSum;
      }
      for (int k = 0; k < w2[j].length; k++) {
        g2[j][k] = colSum;
      }
    }
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    out.put(refs.get(0), Nd4j.create(g1));
    out.put(refs.get(1), Nd4j.create(g2));
    return out;
  }

  static double[] flat(Map<ParameterRef, INDArray> values) {
    List<Double> all = new ArrayList<>();
    for (INDArray a : values.values()) {
      for (double v : a.castTo(DataType.DOUBLE).dup('c').data().asDouble()) {
        all.add(v);
      }
    }
    return all.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static Map<ParameterRef, INDArray> unflat(
      Map<ParameterRef, INDArray> like, double[] values) {
    Map<ParameterRef, INDArray> out = new LinkedHashMap<>();
    int offset = 0;
    for (Map.Entry<ParameterRef, INDArray> e : like.entrySet()) {
      int n = (int) e.getValue().length();
      double[] part = new double[n];
      System.arraycopy(values, offset, part, 0, n);
      offset += n;
      out.put(e.getKey(), Nd4j.create(part, e.getValue().shape(), 'c'));
    }
    return out;
  }

  static double[] times(double[][] m, double[] v) {
    double[] out = new double[m.length];
    for (int r = 0; r < m.length; r++) {
      for (int c = 0; c < v.length; c++) {
        out[r] += m[r][c] * v[c];
      }
    }
    return out;
  }

  private static double[][] abs(double[][] m) {
    double[][] out = new double[m.length][];
    for (int r = 0; r < m.length; r++) {
      out[r] = new double[m[r].length];
      for (int c = 0; c < m[r].length; c++) {
        out[r][c] = Math.abs(m[r][c]);
      }
    }
    return out;
  }
}

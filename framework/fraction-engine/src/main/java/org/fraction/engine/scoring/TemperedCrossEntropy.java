package org.fraction.engine.scoring;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Softmax cross-entropy of the logits divided by a temperature, in double precision. */
final class TemperedCrossEntropy extends LogitLoss {

  private final double temperature;

  TemperedCrossEntropy(double temperature) {
    this.temperature = temperature;
  }

  @Override
  INDArray values(INDArray labels, INDArray logits) {
    double[][] z = logits.toDoubleMatrix();
    double[][] y = labels.toDoubleMatrix();
    double[] out = new double[z.length];
    for (int n = 0; n < z.length; n++) {
      double[] logSoftmax = logSoftmax(z[n]);
      for (int c = 0; c < z[n].length; c++) {
        out[n] -= y[n][c] * logSoftmax[c];
      }
    }
    return Nd4j.create(out, new long[] {out.length, 1}, 'c');
  }

  @Override
  INDArray gradient(INDArray labels, INDArray logits) {
    double[][] z = logits.toDoubleMatrix();
    double[][] y = labels.toDoubleMatrix();
    double[][] g = new double[z.length][];
    for (int n = 0; n < z.length; n++) {
      double[] logSoftmax = logSoftmax(z[n]);
      g[n] = new double[z[n].length];
      for (int c = 0; c < z[n].length; c++) {
        g[n][c] = (Math.exp(logSoftmax[c]) - y[n][c]) / temperature;
      }
    }
    return Nd4j.create(g).castTo(logits.dataType());
  }

  private double[] logSoftmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v / temperature);
    }
    double sum = 0;
    for (double v : logits) {
      sum += Math.exp(v / temperature - max);
    }
    double log = max + Math.log(sum);
    double[] out = new double[logits.length];
    for (int c = 0; c < logits.length; c++) {
      out[c] = logits[c] / temperature - log;
    }
    return out;
  }

  @Override
  public String name() {
    return "tempered-cross-entropy";
  }
}

package org.fraction.inference.kernels;

/**
 * A sparse weight of {@code in x out}. One image scatters each nonzero input along its row of the
 * weight (compressed sparse columns of W transposed, zero inputs skipped); a batch gathers, for
 * each output, the input rows its nonzeros point at, each a vector of the whole batch.
 */
public final class SparseMatrix implements MatrixKernel {

  private final int in;
  private final int out;
  // by input: the nonzeros of row i of W are [inStart[i], inStart[i+1])
  private final int[] inStart;
  private final int[] outIndex;
  private final float[] inValues;
  // by output, built on first use with a batch
  private int[] outStart;
  private int[] inIndex;
  private float[] outValues;
  private int[] zeros;

  /**
   * @param positions c-order flat positions {@code i * out + o} of the nonzeros, ascending
   * @param values their values
   */
  public SparseMatrix(int in, int out, int[] positions, float[] values) {
    this.in = in;
    this.out = out;
    int n = 0;
    for (float v : values) {
      n += v != 0f ? 1 : 0;
    }
    inStart = new int[in + 1];
    outIndex = new int[n];
    inValues = new float[n];
    int k = 0;
    for (int e = 0; e < positions.length; e++) {
      if (values[e] == 0f) {
        continue;
      }
      int i = positions[e] / out;
      inStart[i + 1]++;
      outIndex[k] = positions[e] % out;
      inValues[k++] = values[e];
    }
    for (int i = 0; i < in; i++) {
      inStart[i + 1] += inStart[i];
    }
  }

  public int nonZeros() {
    return inValues.length;
  }

  @Override
  public void multiply(float[] x, float[] y, int batch) {
    if (batch == 1) {
      java.util.Arrays.fill(y, 0, out, 0f);
      for (int i = 0; i < in; i++) {
        float xi = x[i];
        if (xi == 0f) {
          continue;
        }
        for (int k = inStart[i], end = inStart[i + 1]; k < end; k++) {
          y[outIndex[k]] += xi * inValues[k];
        }
      }
      return;
    }
    byOutput();
    if (Simd.gatherLength(batch) == batch) {
      // whole register tiles: each output's batch row is summed in registers
      for (int o = 0; o < out; o++) {
        Simd.gather(
            y, o * batch, x, inIndex, zeros, batch, outValues, outStart[o], outStart[o + 1], batch);
      }
      return;
    }
    for (int o = 0; o < out; o++) {
      int yo = o * batch;
      java.util.Arrays.fill(y, yo, yo + batch, 0f);
      for (int k = outStart[o], end = outStart[o + 1]; k < end; k++) {
        Simd.axpy(y, yo, outValues[k], x, inIndex[k] * batch, batch);
      }
    }
  }

  private synchronized void byOutput() {
    if (outStart != null) {
      return;
    }
    int n = inValues.length;
    int[] start = new int[out + 1];
    for (int k = 0; k < n; k++) {
      start[outIndex[k] + 1]++;
    }
    for (int o = 0; o < out; o++) {
      start[o + 1] += start[o];
    }
    int[] fill = start.clone();
    int[] index = new int[n];
    float[] values = new float[n];
    for (int i = 0; i < in; i++) {
      for (int k = inStart[i]; k < inStart[i + 1]; k++) {
        int at = fill[outIndex[k]]++;
        index[at] = i;
        values[at] = inValues[k];
      }
    }
    inIndex = index;
    outValues = values;
    zeros = new int[n];
    outStart = start;
  }

  @Override
  public long macs() {
    return inValues.length;
  }
}

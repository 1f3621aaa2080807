package org.fraction.inference;

import java.util.ArrayList;
import java.util.List;
import org.fraction.inference.graph.Op;

/**
 * Runs a model on batches of up to a fixed size with buffers made once: each operation's output
 * buffer is reused as soon as the operations reading it have run. Not for use by two threads at
 * once.
 */
public final class Session {

  private final InferenceModel model;
  private final int batch;
  private final InputSpec.Encoder encoder;
  private final float[][] buffers;
  private final float[] scratch;

  /** For each op, the buffers whose last reader it is (freed after it ran, in the plan). */
  private final int[][] lastReads;

  Session(InferenceModel model, int batch) {
    if (batch <= 0) {
      throw new IllegalArgumentException("batch must be positive, got " + batch);
    }
    this.model = model;
    this.batch = batch;
    this.encoder = model.input().encoder();
    List<Op> ops = model.ops();
    int[][] inputs = model.inputs();
    int n = ops.size();
    int[] lastRead = new int[n + 1];
    java.util.Arrays.fill(lastRead, -1);
    for (int k = 0; k < n; k++) {
      for (int b : inputs[k]) {
        lastRead[b] = k;
      }
    }
    lastRead[n] = n; // the output is read after the last op
    List<List<Integer>> frees = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      frees.add(new ArrayList<>());
    }
    for (int b = 0; b <= n; b++) {
      if (lastRead[b] >= 0 && lastRead[b] < n) {
        frees.get(lastRead[b]).add(b);
      }
    }
    lastReads = new int[n][];
    for (int k = 0; k < n; k++) {
      lastReads[k] = frees.get(k).stream().mapToInt(Integer::intValue).toArray();
    }
    // plan the buffers: the smallest free array that fits, else a new one
    buffers = new float[n + 1][];
    List<float[]> free = new ArrayList<>();
    buffers[0] = new float[model.input().networkValues() * batch];
    int scratchSize = 0;
    for (int k = 0; k < n; k++) {
      int size = ops.get(k).shape().size() * batch;
      float[] best = null;
      for (float[] f : free) {
        if (f.length >= size && (best == null || f.length < best.length)) {
          best = f;
        }
      }
      if (best != null) {
        free.remove(best);
      } else {
        best = new float[size];
      }
      buffers[k + 1] = best;
      for (int b : lastReads[k]) {
        free.add(buffers[b]);
      }
      scratchSize = Math.max(scratchSize, ops.get(k).scratchSize(batch));
    }
    scratch = new float[scratchSize];
  }

  public int batch() {
    return batch;
  }

  /**
   * Class scores (before softmax) of {@code count} images given as the data sets store them: 8-bit
   * planar {@code [count, channels, height, width]} from {@code images[offset..]}.
   *
   * @return {@code [count, classes]}
   */
  public float[] logits(byte[] images, int offset, int count) {
    check(count);
    int bytes = model.input().imageBytes();
    int values = model.input().networkValues();
    float[] in = buffers[0];
    for (int b = 0; b < count; b++) {
      encoder.encode(images, offset + b * bytes, in, b * values);
    }
    return run(count);
  }

  /**
   * Class scores of {@code count} images already encoded as the network takes them ([count, C, H,
   * W]).
   */
  public float[] logits(float[] input, int offset, int count) {
    check(count);
    System.arraycopy(input, offset, buffers[0], 0, count * model.input().networkValues());
    return run(count);
  }

  private void check(int count) {
    if (count <= 0 || count > batch) {
      throw new IllegalArgumentException(
          "a session for batches of up to " + batch + " images got " + count);
    }
  }

  private float[] run(int count) {
    List<Op> ops = model.ops();
    int[][] inputs = model.inputs();
    for (int k = 0; k < ops.size(); k++) {
      int[] reads = inputs[k];
      float[][] in = new float[reads.length][];
      for (int i = 0; i < reads.length; i++) {
        in[i] = buffers[reads[i]];
      }
      ops.get(k).run(in, buffers[k + 1], count, batch, scratch);
    }
    int classes = model.classes();
    float[] y = buffers[ops.size()];
    float[] out = new float[count * classes];
    for (int b = 0; b < count; b++) {
      for (int c = 0; c < classes; c++) {
        out[b * classes + c] = y[c * count + b];
      }
    }
    return out;
  }

  /** Softmax of each image's scores, in place. */
  public static void softmax(float[] logits, int classes) {
    for (int from = 0; from < logits.length; from += classes) {
      float max = Float.NEGATIVE_INFINITY;
      for (int c = from; c < from + classes; c++) {
        max = Math.max(max, logits[c]);
      }
      double sum = 0;
      for (int c = from; c < from + classes; c++) {
        sum += Math.exp(logits[c] - max);
      }
      for (int c = from; c < from + classes; c++) {
        logits[c] = (float) (Math.exp(logits[c] - max) / sum);
      }
    }
  }

  /** The index of the largest score of each image. */
  public static int[] argmax(float[] scores, int classes) {
    int[] out = new int[scores.length / classes];
    for (int b = 0; b < out.length; b++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (scores[b * classes + c] > scores[b * classes + best]) {
          best = c;
        }
      }
      out[b] = best;
    }
    return out;
  }
}

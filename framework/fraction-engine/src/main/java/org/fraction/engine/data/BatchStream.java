package org.fraction.engine.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.fraction.spi.model.InputShape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One pass over a split in batches, prepared on a background thread so that decoding and
 * augmentation overlap with training.
 */
public final class BatchStream implements Iterator<Batch>, AutoCloseable {

  private static final Object END = new Object();
  private static final int PREFETCH = 3;

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PREFETCH);
  private final Thread producer;
  private Object next;

  /**
   * @param order the epoch's shuffle generator, or null for file order
   * @param augment transforms of the raw images, applied only when {@code augmentRandom} is given
   * @param augmentRandom generator for augmentation, or null for none (evaluation)
   * @param skipBatches batches to skip at the start (resuming inside an epoch is not needed:
   *     checkpoints are per epoch, so this is 0 except in tests)
   */
  public BatchStream(
      ExampleSet examples,
      ImageEncoder encoder,
      List<ImageTransform> augment,
      int classes,
      int batchSize,
      SplittableRandom order,
      SplittableRandom augmentRandom,
      long skipBatches) {
    InputShape shape = encoder.network();
    InputShape dataShape = encoder.data();
    int imageFloats = shape.pixels();
    producer =
        new Thread(
            () -> {
              byte[] raw = new byte[examples.imageBytes()];
              try (ExampleCursor cursor = examples.open(order)) {
                long batchIndex = 0;
                while (!Thread.currentThread().isInterrupted()) {
                  float[] features = new float[batchSize * imageFloats];
                  int[] labels = new int[batchSize];
                  int n = 0;
                  int label;
                  while (n < batchSize && (label = cursor.next(raw, 0)) >= 0) {
                    if (augmentRandom != null) {
                      for (ImageTransform t : augment) {
                        t.apply(raw, 0, dataShape, augmentRandom);
                      }
                    }
                    encoder.encode(raw, 0, features, n * imageFloats);
                    labels[n++] = label;
                  }
                  if (n == 0) {
                    break;
                  }
                  if (batchIndex++ < skipBatches) {
                    continue;
                  }
                  queue.put(toBatch(features, labels, n, shape, classes));
                  if (n < batchSize) {
                    break;
                  }
                }
                queue.put(END);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Throwable t) {
                try {
                  queue.put(t);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            },
            "fraction-batches");
    producer.setDaemon(true);
    producer.start();
  }

  private static Batch toBatch(
      float[] features, int[] labels, int n, InputShape shape, int classes) {
    float[] f = features;
    int[] l = labels;
    if (n < labels.length) {
      f = java.util.Arrays.copyOf(features, n * shape.pixels());
      l = java.util.Arrays.copyOf(labels, n);
    }
    float[] oneHot = new float[n * classes];
    for (int i = 0; i < n; i++) {
      oneHot[i * classes + l[i]] = 1f;
    }
    return new Batch(
        Nd4j.create(f, new long[] {n, shape.channels(), shape.height(), shape.width()}, 'c'),
        Nd4j.create(oneHot, new long[] {n, classes}, 'c'),
        l);
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for data", e);
      }
    }
    if (next instanceof IOException e) {
      throw new UncheckedIOException(e);
    }
    if (next instanceof RuntimeException e) {
      throw e;
    }
    if (next instanceof Error e) {
      throw e;
    }
    if (next instanceof Throwable t) {
      throw new IllegalStateException(t);
    }
    return next != END;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Batch b = (Batch) next;
    next = null;
    return b;
  }

  @Override
  public void close() {
    producer.interrupt();
    queue.clear();
  }
}

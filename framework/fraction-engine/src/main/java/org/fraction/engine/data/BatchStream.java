package org.fraction.engine.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.fraction.spi.model.InputShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One pass over a split in batches, prepared on a background thread so that decoding and
 * augmentation overlap with training.
 *
 * <p>Full batches are written into a few native arrays that are used again and again: a batch's
 * arrays stay valid until the next call to {@link #next} or {@link #close}, so a caller that keeps
 * one longer copies it. (A fresh pair of native arrays per batch costs an allocation, page faults
 * and a deallocation on every step.) A short last batch gets arrays of its own.
 */
public final class BatchStream implements Iterator<Batch>, AutoCloseable {

  private static final Object END = new Object();
  private static final int PREFETCH = 3;

  /** Batches in flight: the queued ones, the one being filled and the caller's. */
  private static final int SLOTS = PREFETCH + 2;

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PREFETCH);
  private final BlockingQueue<Slot> free = new ArrayBlockingQueue<>(SLOTS);
  private final Thread producer;
  private Object next;
  private Slot lent;

  /** The arrays of one batch: reused for full batches, made once for a short last one. */
  private record Slot(INDArray features, INDArray labels) {

    static Slot of(int rows, InputShape shape, int classes) {
      return new Slot(
          Nd4j.createUninitialized(
              DataType.FLOAT,
              new long[] {rows, shape.channels(), shape.height(), shape.width()},
              'c'),
          Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, classes}, 'c'));
    }

    /** Copies the first rows of {@code features} and {@code oneHot}, as many as the arrays hold. */
    Batch fill(float[] features, float[] oneHot, int[] classesOfRows) {
      features().data().asNioFloat().put(features, 0, (int) features().length());
      labels().data().asNioFloat().put(oneHot, 0, (int) labels().length());
      return new Batch(features(), labels(), classesOfRows);
    }
  }

  /** A batch and the slot whose arrays it uses (null for a short batch). */
  private record Filled(Batch batch, Slot slot) {}

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
    int slots = (int) Math.min(SLOTS, Math.max(1, examples.size() / Math.max(1, batchSize)));
    try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
      for (int i = 0; i < slots; i++) {
        free.add(Slot.of(batchSize, shape, classes));
      }
    }
    producer =
        new Thread(
            () -> {
              byte[] raw = new byte[examples.imageBytes()];
              float[] features = new float[batchSize * imageFloats];
              float[] oneHot = new float[batchSize * classes];
              try (ExampleCursor cursor = examples.open(order)) {
                long batchIndex = 0;
                while (!Thread.currentThread().isInterrupted()) {
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
                  Arrays.fill(oneHot, 0f);
                  for (int i = 0; i < n; i++) {
                    oneHot[i * classes + labels[i]] = 1f;
                  }
                  if (n == batchSize) {
                    Slot slot = free.take();
                    queue.put(new Filled(slot.fill(features, oneHot, labels), slot));
                  } else {
                    Slot own = Slot.of(n, shape, classes);
                    queue.put(
                        new Filled(own.fill(features, oneHot, Arrays.copyOf(labels, n)), null));
                  }
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

  /** The next batch; the previous one's arrays are taken back for reuse. */
  @Override
  public Batch next() {
    if (lent != null) {
      free.add(lent);
      lent = null;
    }
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Filled f = (Filled) next;
    next = null;
    lent = f.slot();
    return f.batch();
  }

  @Override
  public void close() {
    producer.interrupt();
    queue.clear();
  }
}

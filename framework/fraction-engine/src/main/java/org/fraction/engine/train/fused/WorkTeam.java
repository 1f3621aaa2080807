package org.fraction.engine.train.fused;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.fraction.engine.backend.NativeThreads;
import org.fraction.spi.model.Pieces;

/**
 * Runs a task's independent pieces on the calling thread and on helper threads, for the fused
 * step's large products and its Adam pass.
 *
 * <p>Pieces are claimed one at a time from a shared counter, so a helper that is late (asleep, or
 * its core taken by the batch producer or the compiler) costs only the pieces it has claimed: the
 * caller takes the rest. A static split would wait for the slowest thread instead, which is what
 * makes a two-thread BLAS slower than one on a two-core machine. How a task is cut into pieces
 * never depends on the number of threads, so the numbers are the same with any team size.
 *
 * <p>A helper waits for work by spinning for {@value #SPIN_NANOS} ns, then parks until the next
 * task wakes it. One task runs at a time; a caller that finds the team busy runs its task alone.
 */
final class WorkTeam implements Pieces {

  private static final long SPIN_NANOS = 200_000;
  private static final Map<Integer, WorkTeam> TEAMS = new HashMap<>();

  private final int threads;
  private final AtomicReference<Task> posted = new AtomicReference<>();
  private final Helper[] helpers;

  private static final class Helper {
    Thread thread;
    volatile boolean parked;
  }

  /** A task under way: pieces are claimed through {@code next} and counted in {@code done}. */
  private static final class Task {
    final int pieces;
    final IntConsumer piece;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    volatile Throwable failure;

    Task(int pieces, IntConsumer piece) {
      this.pieces = pieces;
      this.piece = piece;
    }

    void work() {
      int i;
      while ((i = next.getAndIncrement()) < pieces) {
        try {
          piece.accept(i);
        } catch (Throwable t) {
          failure = t;
        } finally {
          done.incrementAndGet();
        }
      }
    }
  }

  private WorkTeam(int threads) {
    this.threads = threads;
    this.helpers = new Helper[threads - 1];
    for (int h = 0; h < helpers.length; h++) {
      Helper helper = new Helper();
      helper.thread = new Thread(() -> help(helper), "fraction-dense-" + (h + 1));
      helper.thread.setDaemon(true);
      helpers[h] = helper;
      helper.thread.start();
    }
  }

  /**
   * The process's team of this many threads, the caller included (no helpers for 1; at most {@link
   * NativeThreads#MAX_DENSE_THREADS}), made on first use and kept.
   */
  static WorkTeam of(int threads) {
    int n = Math.max(1, Math.min(threads, NativeThreads.MAX_DENSE_THREADS));
    synchronized (TEAMS) {
      return TEAMS.computeIfAbsent(n, WorkTeam::new);
    }
  }

  /** The threads that share a task, the caller's included. */
  int threads() {
    return threads;
  }

  /** Runs {@code piece.accept(i)} for every i in [0, pieces) and returns when all have run. */
  @Override
  public void run(int pieces, IntConsumer piece) {
    Task task = pieces > 1 && helpers.length > 0 ? new Task(pieces, piece) : null;
    if (task == null
        || !posted.compareAndSet(null, task)) { // nothing to share, or the team is busy
      Pieces.IN_TURN.run(pieces, piece);
      return;
    }
    for (Helper helper : helpers) {
      if (helper.parked) {
        LockSupport.unpark(helper.thread);
      }
    }
    task.work();
    while (task.done.get() < pieces) {
      Thread.onSpinWait();
    }
    posted.set(null);
    if (task.failure instanceof RuntimeException e) {
      throw e;
    }
    if (task.failure instanceof Error e) {
      throw e;
    }
    if (task.failure != null) { // a checked exception thrown past the compiler
      throw new IllegalStateException("a piece failed", task.failure);
    }
  }

  private void help(Helper helper) {
    Task last = null;
    while (true) {
      Task task = awaitTask(helper, last);
      task.work();
      last = task;
    }
  }

  /** The next task other than {@code last}: spins a while, then parks until woken. */
  private Task awaitTask(Helper helper, Task last) {
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (true) {
      Task task = posted.get();
      if (task != null && task != last) {
        return task;
      }
      if (System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
      } else {
        helper.parked = true; // then look again: a caller that missed the flag posted before it
        task = posted.get();
        if (task == null || task == last) {
          LockSupport.park(this);
        }
        helper.parked = false;
        spinUntil = System.nanoTime() + SPIN_NANOS;
      }
    }
  }
}

package org.fraction.engine.train.fused;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkTeamTest {

  private static void runsEachPieceOnce(WorkTeam team, int pieces, int repeats) {
    for (int r = 0; r < repeats; r++) {
      AtomicIntegerArray counts = new AtomicIntegerArray(pieces);
      team.run(pieces, counts::incrementAndGet);
      for (int i = 0; i < pieces; i++) {
        assertThat(counts.get(i)).as("piece %d of run %d", i, r).isEqualTo(1);
      }
    }
  }

  @Test
  void everyPieceRunsExactlyOnceWhateverTheTeamSize() {
    for (int threads : new int[] {1, 2, 4}) {
      WorkTeam team = WorkTeam.of(threads);
      assertThat(team.threads()).isEqualTo(threads);
      runsEachPieceOnce(team, 1, 50);
      runsEachPieceOnce(team, 9, 2_000);
    }
  }

  @Test
  void helpersTakePiecesWhenTheCallerIsBusy() throws Exception {
    WorkTeam team = WorkTeam.of(2);
    Thread caller = Thread.currentThread();
    boolean helped = false;
    for (int attempt = 0; attempt < 200 && !helped; attempt++) {
      Thread[] ranOn = new Thread[8];
      team.run(
          ranOn.length,
          i -> {
            ranOn[i] = Thread.currentThread();
            long until = System.nanoTime() + 200_000;
            while (System.nanoTime() < until) {
              Thread.onSpinWait();
            }
          });
      for (Thread t : ranOn) {
        helped |= t != caller;
        assertThat(t.getName()).isIn(caller.getName(), "fraction-dense-1");
      }
    }
    assertThat(helped).as("a helper ran at least one piece").isTrue();
  }

  @Test
  void aFailingPieceFailsTheRunAfterTheOthersFinishAndTheTeamWorksOn() {
    WorkTeam team = WorkTeam.of(2);
    AtomicIntegerArray counts = new AtomicIntegerArray(6);
    assertThatThrownBy(
            () ->
                team.run(
                    6,
                    i -> {
                      counts.incrementAndGet(i);
                      if (i == 3) {
                        throw new IllegalStateException("piece 3");
                      }
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("piece 3");
    for (int i = 0; i < 6; i++) {
      assertThat(counts.get(i)).isEqualTo(1);
    }
    runsEachPieceOnce(team, 6, 100);
  }

  @Test
  void aCheckedExceptionFromAPieceIsNotLost() {
    Exception checked = new java.io.IOException("disk");
    assertThatThrownBy(
            () ->
                WorkTeam.of(2)
                    .run(
                        4,
                        i -> {
                          if (i == 2) {
                            WorkTeamTest.<RuntimeException>sneaky(checked);
                          }
                        }))
        .isInstanceOf(IllegalStateException.class)
        .hasCause(checked);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneaky(Throwable t) throws T {
    throw (T) t;
  }

  @Test
  void twoCallersAtOnceBothGetEveryPiece() throws Exception {
    WorkTeam team = WorkTeam.of(2);
    CompletableFuture<Void> other =
        CompletableFuture.runAsync(() -> runsEachPieceOnce(team, 7, 2_000));
    runsEachPieceOnce(team, 5, 2_000);
    other.get();
  }
}

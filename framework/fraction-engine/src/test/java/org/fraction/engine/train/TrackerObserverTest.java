package org.fraction.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fraction.spi.tracking.Tracker;
import org.fraction.spi.tracking.TrialInfo;
import org.fraction.spi.tracking.TrialStatus;
import org.fraction.spi.tracking.TrialTracker;
import org.junit.jupiter.api.Test;

class TrackerObserverTest {

  /** Records what each of its trial trackers was told; {@code finished} throws when asked to. */
  static final class RecordingTracker implements Tracker {
    final List<String> events = new ArrayList<>();
    final boolean finishedThrows;

    RecordingTracker(boolean finishedThrows) {
      this.finishedThrows = finishedThrows;
    }

    @Override
    public TrialTracker startTrial(TrialInfo trial) {
      events.add("start " + trial.key());
      return new TrialTracker() {
        @Override
        public void finished(TrialStatus status) {
          events.add("finished " + status);
          if (finishedThrows) {
            throw new IllegalStateException("server gone");
          }
        }

        @Override
        public void close() {
          events.add("close");
        }
      };
    }
  }

  static TrialInfo trial(String control) {
    return new TrialInfo("wf", "abcd1234", control, Map.of(), Map.of(), Path.of("runs"), 2);
  }

  @Test
  void aTrackerWhoseFinishedThrowsIsStillClosedAndTheOthersToo() {
    RecordingTracker failing = new RecordingTracker(true);
    RecordingTracker healthy = new RecordingTracker(false);
    TrackerObserver observer = new TrackerObserver(List.of(failing, healthy));
    observer.trialStarted(trial(""));
    observer.trialFinished(trial(""), TrialStatus.FAILED);
    assertThat(failing.events).containsExactly("start abcd1234", "finished FAILED", "close");
    assertThat(healthy.events).containsExactly("start abcd1234", "finished FAILED", "close");
  }

  @Test
  void aClosedTrialGetsNoFurtherEvents() {
    RecordingTracker failing = new RecordingTracker(true);
    TrackerObserver observer = new TrackerObserver(List.of(failing));
    observer.trialStarted(trial("random-reinit"));
    observer.trialFinished(trial("random-reinit"), TrialStatus.KILLED);
    observer.roundStarted(trial("random-reinit"), 1, 0.5, 1, 1);
    observer.trialFinished(trial("random-reinit"), TrialStatus.FINISHED);
    assertThat(failing.events)
        .containsExactly("start abcd1234/random-reinit", "finished KILLED", "close");
  }
}

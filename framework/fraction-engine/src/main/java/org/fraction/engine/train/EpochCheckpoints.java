package org.fraction.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.engine.store.TrialDirectory;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.tracking.TrialInfo;

/** The epoch checkpoint of one round ({@code round-<k>.partial.h5}): read, written, removed. */
final class EpochCheckpoints {

  private final Path file;
  private final TrialInfo info;
  private final TrialObserver observer;

  EpochCheckpoints(TrialDirectory dir, int round, TrialInfo info, TrialObserver observer) {
    this.file = dir.checkpointFile(round);
    this.info = info;
    this.observer = observer;
  }

  /** The round's epoch checkpoint, or null if there is none; a damaged one is discarded. */
  RoundData read() throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return RoundFiles.read(file);
    } catch (BadDataException e) {
      Files.delete(file);
      observer.notice(
          info,
          e.getMessage() + "; the damaged epoch checkpoint is discarded and its epochs run again");
      return null;
    }
  }

  /** Saves the state after a finished epoch, with the optimizer's state, to resume from. */
  void write(RoundState state, Map<String, Object> attributes) throws IOException {
    RoundFiles.write(file, state.data(attributes, state.graph.getUpdater().getStateViewArray()));
  }

  /** Removes the checkpoint once the round file holds the round. */
  void delete() throws IOException {
    Files.deleteIfExists(file);
  }
}

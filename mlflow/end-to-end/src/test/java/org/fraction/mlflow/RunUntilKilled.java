package org.fraction.mlflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fraction.engine.train.TrialObserver;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.TrialInfo;

/**
 * A process for a test to kill: runs a workflow (args: work directory, workflow file, marker file)
 * and, once the given round's first epoch has ended, writes the marker and waits forever.
 */
final class RunUntilKilled {

  private RunUntilKilled() {}

  public static void main(String[] args) throws Exception {
    Path marker = Path.of(args[2]);
    TrialObserver hold =
        new TrialObserver() {
          @Override
          public void epochFinished(TrialInfo trial, int round, EpochMetrics metrics) {
            if (round == 1 && metrics.epoch() == 1) {
              try {
                Thread.sleep(2000); // the courier's turn to write what the epoch logged
                Files.writeString(marker, "waiting");
                Thread.sleep(Long.MAX_VALUE);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
          }
        };
    new WorkflowRun(Path.of(args[0]), Map.of())
        .run(Files.readString(Path.of(args[1])), List.of(hold));
  }
}

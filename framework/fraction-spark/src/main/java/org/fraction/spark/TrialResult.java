package org.fraction.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraction.spi.tracking.EpochMetrics;
import org.fraction.spi.tracking.RoundSummary;

/**
 * What a trial task sends back to the driver: a few numbers per round, not weights (those are in
 * the run store).
 *
 * @param trialId the trial
 * @param executor where the successful attempt ran, {@code host/executor id}
 * @param attempt Spark's attempt number of the successful attempt (0 = first try)
 * @param roundsSkipped rounds found complete in the run store and not run again
 * @param epochsResumed epochs restored from checkpoints instead of being trained again
 * @param seconds the attempt's wall time
 * @param processBytes the largest resident size of the executor's process seen at an epoch's end
 *     (Java heap and native memory of every trial it runs)
 * @param rounds the rounds of the ticket (key "") and of each control
 * @param undelivered what the trial's trackers could not deliver
 */
public record TrialResult(
    String trialId,
    String executor,
    int attempt,
    int roundsSkipped,
    int epochsResumed,
    double seconds,
    long processBytes,
    Map<String, List<Round>> rounds,
    List<String> undelivered)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A {@link RoundSummary} in serialisable form. */
  public record Round(
      int round,
      double density,
      double densityVsReal,
      long paramsRemaining,
      double testAccuracy,
      double bestTestAccuracy,
      List<Epoch> epochs,
      Long collapsedLayers)
      implements Serializable {

    private static final long serialVersionUID = 2L;

    static Round of(RoundSummary s) {
      return new Round(
          s.round(),
          s.density(),
          s.densityVsReal(),
          s.paramsRemaining(),
          s.testAccuracy(),
          s.bestTestAccuracy(),
          s.epochs().stream().map(Epoch::of).toList(),
          s.collapsedLayers());
    }

    RoundSummary summary() {
      return new RoundSummary(
          round,
          density,
          densityVsReal,
          paramsRemaining,
          testAccuracy,
          bestTestAccuracy,
          epochs.stream().map(Epoch::metrics).toList(),
          collapsedLayers);
    }
  }

  /** An {@link EpochMetrics} in serialisable form. */
  public record Epoch(
      int epoch,
      double trainLoss,
      double testLoss,
      double testAccuracy,
      double learningRate,
      double imagesPerSecond,
      double seconds,
      double density)
      implements Serializable {

    private static final long serialVersionUID = 1L;

    static Epoch of(EpochMetrics m) {
      return new Epoch(
          m.epoch(),
          m.trainLoss(),
          m.testLoss(),
          m.testAccuracy(),
          m.learningRate(),
          m.imagesPerSecond(),
          m.seconds(),
          m.density());
    }

    EpochMetrics metrics() {
      return new EpochMetrics(
          epoch,
          trainLoss,
          testLoss,
          testAccuracy,
          learningRate,
          imagesPerSecond,
          seconds,
          density);
    }
  }

  static Map<String, List<Round>> rounds(Map<String, List<RoundSummary>> byControl) {
    Map<String, List<Round>> out = new LinkedHashMap<>();
    byControl.forEach(
        (control, rounds) ->
            out.put(control, new ArrayList<>(rounds.stream().map(Round::of).toList())));
    return out;
  }

  /** The rounds as the engine's summaries, by control. */
  public Map<String, List<RoundSummary>> summaries() {
    Map<String, List<RoundSummary>> out = new LinkedHashMap<>();
    rounds.forEach((control, list) -> out.put(control, list.stream().map(Round::summary).toList()));
    return out;
  }
}

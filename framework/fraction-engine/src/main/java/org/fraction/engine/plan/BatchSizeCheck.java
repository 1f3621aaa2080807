package org.fraction.engine.plan;

import java.util.Locale;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.engine.train.NetworkFactory;
import org.fraction.engine.workflow.Position;
import org.fraction.engine.workflow.Problems;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.model.InputShape;

/**
 * A trial's batch size against what its data set and this JVM allow, checked before anything
 * trains: at most the images of the training split, and a batch's input arrays (the network's input
 * and the one-hot labels, as floats) within one Java array and a quarter of the heap, as the batch
 * is assembled on the heap while the previous one is still in use.
 */
final class BatchSizeCheck {

  static final String KEY = "training.batch-size";

  private BatchSizeCheck() {}

  static void check(WorkflowSettings s, Position at, long maxHeapBytes, Problems problems) {
    DatasetInfo info;
    InputShape input;
    try {
      info = s.dataset().create().info();
      input = NetworkFactory.networkInput(s.model().create(), info, s.model().engine().algebra());
    } catch (IllegalArgumentException | IllegalStateException e) {
      return; // a model that cannot take the data is reported by TrialChecks
    }
    long batch = s.training().batchSize();
    if (batch > info.trainSize()) {
      problems.add(
          at,
          KEY,
          String.format(
              Locale.ROOT,
              "%,d is more than the %,d images of %s's training split",
              batch,
              info.trainSize(),
              info.name()));
      return;
    }
    long floatsPerImage = (long) input.pixels() + info.classes();
    long byArray = (Integer.MAX_VALUE - 8) / input.pixels();
    long byHeap = maxHeapBytes / 4 / (Float.BYTES * floatsPerImage);
    long most = Math.min(byArray, byHeap);
    if (batch > most) {
      problems.add(
          at,
          KEY,
          String.format(
              Locale.ROOT,
              "a batch of %,d %s images takes %,d MiB of floats; this JVM (a %,d MiB heap) takes at"
                  + " most %,d per batch; lower it, or raise -Xmx in FRACTION_JAVA_OPTS",
              batch,
              input,
              batch * floatsPerImage * Float.BYTES >> 20,
              maxHeapBytes >> 20,
              most));
    }
  }
}

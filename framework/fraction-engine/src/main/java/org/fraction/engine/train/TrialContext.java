package org.fraction.engine.train;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.fraction.engine.data.Augmentation;
import org.fraction.engine.data.BatchStream;
import org.fraction.engine.data.ChannelStatistics;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.data.ImageEncoder;
import org.fraction.engine.data.ImageTransform;
import org.fraction.engine.data.Seeds;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.settings.DatasetKeys;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.model.Algebra;
import org.fraction.spi.model.InputShape;
import org.fraction.spi.model.Model;
import org.fraction.spi.optim.Optimizer;
import org.fraction.spi.optim.Schedule;
import org.fraction.spi.pruning.PruningStrategy;

/** A trial's plugins instantiated and its data prepared: everything its rounds share. */
final class TrialContext {

  private static final Schedule CONSTANT = (epoch, iteration, perEpoch, epochs) -> 1.0;

  final Trial trial;
  final WorkflowSettings settings;
  final DataCache.Prepared data;
  final ImageEncoder encoder;
  final List<ImageTransform> augment;
  final Model model;
  final Algebra algebra;
  final Optimizer optimizer;
  final PruningStrategy strategy;
  final long iterationsPerEpoch;
  final ScheduledLearningRate learningRate;

  TrialContext(Trial trial, DataCache cache) throws IOException {
    this.trial = trial;
    this.settings = trial.settings();
    this.data = cache.get(settings.dataset());
    DatasetInfo info = data.info();
    this.model = settings.model().create();
    this.algebra = settings.model().engine().algebra();
    InputShape input = NetworkFactory.networkInput(model, info, algebra);
    DatasetKeys keys = settings.dataset().engine();
    double[] mean = null;
    double[] std = null;
    if (keys.normalize() == DatasetKeys.Normalize.PUBLISHED) {
      if (info.mean() == null || info.std() == null) {
        throw new IllegalArgumentException(
            info.name()
                + " publishes no per-channel mean and std; use normalize: computed or none");
      }
      mean = info.mean();
      std = info.std();
    } else if (keys.normalize() == DatasetKeys.Normalize.COMPUTED) {
      ChannelStatistics stats = cache.statistics(data);
      mean = stats.mean();
      std = stats.std();
    }
    this.encoder = new ImageEncoder(info.shape(), input, mean, std);
    this.augment = Augmentation.of(keys.augment());
    this.optimizer = settings.training().optimizer().create();
    Schedule schedule =
        settings.training().schedule() == null ? CONSTANT : settings.training().schedule().create();
    this.strategy = settings.pruning() == null ? null : settings.pruning().create();
    int batch = settings.training().batchSize();
    this.iterationsPerEpoch = (data.train().size() + batch - 1) / batch;
    this.learningRate =
        new ScheduledLearningRate(
            schedule, optimizer.learningRate(), iterationsPerEpoch, settings.training().epochs());
  }

  BuiltNetwork newNetwork(long seed) {
    return NetworkFactory.build(model, data.info(), algebra, optimizer, learningRate, seed);
  }

  int classes() {
    return data.info().classes();
  }

  /**
   * The training set in batches, in the order and with the augmentation that {@code seed} derives
   * for epoch {@code epoch} (from 0) of round {@code round}.
   */
  BatchStream trainingBatches(long seed, int round, int epoch) throws IOException {
    return new BatchStream(
        data.train(),
        encoder,
        augment,
        classes(),
        settings.training().batchSize(),
        new SplittableRandom(Seeds.derive(seed, "order", round, epoch)),
        new SplittableRandom(Seeds.derive(seed, "augment", round, epoch)),
        0);
  }
}

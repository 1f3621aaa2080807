package org.fraction.bench;

import com.google.inject.Injector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fraction.engine.data.Augmentation;
import org.fraction.engine.data.Batch;
import org.fraction.engine.data.BatchStream;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.data.ImageEncoder;
import org.fraction.engine.data.Seeds;
import org.fraction.engine.inject.Composition;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowLoader;
import org.fraction.engine.plugin.LoadedPlugins;
import org.fraction.engine.plugin.Plugins;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.engine.train.BuiltNetwork;
import org.fraction.engine.train.NetworkFactory;
import org.fraction.spi.Kinds;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.model.InputShape;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.schedule.FixedSchedule;

/**
 * The ImageNet64 input pipeline against its peers, in one process: the raw sequential read rate of
 * the batch files (the disk's ceiling), the pipeline (index, shard shuffle over all files, shuffle
 * buffer, random crop + flip, normalisation, batching) in images/s, and the training rate of a
 * model fed by it (or a rate given with --consumer-rate); prints the ratios and the resident memory
 * (VmRSS sampled every 200 ms, and VmHWM).
 *
 * <p>Run through bench/imagenet64-pipeline, which makes the full-size file set and the class path.
 */
public final class ImageNet64Pipeline {

  public static void main(String[] args) throws Exception {
    Path data = null;
    long images = 250_000;
    int batch = 128;
    String model = "resnet-18";
    String algebra = "real";
    int modelSteps = 12;
    double consumerRate = -1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]);
        case "--images" -> images = Long.parseLong(args[++i]);
        case "--epoch" -> images = Long.MAX_VALUE;
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--model" -> model = args[++i];
        case "--algebra" -> algebra = args[++i];
        case "--model-steps" -> modelSteps = Integer.parseInt(args[++i]);
        case "--consumer-rate" -> consumerRate = Double.parseDouble(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (data == null) {
      throw new IllegalArgumentException("--data DIR is required");
    }
    Memory memory = Memory.start();
    Injector injector = Composition.create(LoadedPlugins.load(List.of()), List.of(), List.of());
    Plugins plugins = injector.getInstance(Plugins.class);
    boolean haveModel = plugins.find(Kinds.MODEL, model).isPresent();
    Path workflow = Files.createTempFile("imagenet64-bench", ".yaml");
    Files.writeString(
        workflow,
        """
name: imagenet64-bench
seed: 21
dataset: {type: imagenet64, path: %s, normalize: published, augment: {crop-padding: 8, flip: true}}
model: {type: %s, algebra: %s}
training: {epochs: 1, batch-size: %d, optimizer: {type: sgd, lr: 0.01, momentum: 0.9}}
"""
            .formatted(data, haveModel ? model : "lenet-300-100", algebra, batch));
    Trial trial =
        injector
            .getInstance(WorkflowLoader.Factory.class)
            .create()
            .load(workflow, List.of())
            .trials()
            .get(0);
    Files.delete(workflow);
    WorkflowSettings s = trial.settings();
    System.out.printf(
        Locale.ROOT,
        "data: %s, batch %d, model %s (%s)%n",
        data,
        batch,
        model,
        haveModel ? "registered" : "not registered yet");

    // Peer 1: the disk. Reads the training files front to back, as fast as it can.
    long[] peer = readRaw(data, Math.min(images, 400_000) * 12288L);
    double diskRate = peer[0] / (peer[1] / 1e9) / 12288.0;
    System.out.printf(
        Locale.ROOT,
        "raw sequential read:   %,10.0f images/s (%,.0f MB/s over %,d MB; page cache included)%n",
        diskRate,
        diskRate * 12288 / 1e6,
        peer[0] / 1_000_000);

    long t0 = System.nanoTime();
    DataCache cache = injector.getInstance(DataCache.class);
    DataCache.Prepared prepared = cache.get(s.dataset());
    DatasetInfo info = prepared.info();
    double indexSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "index + test split:    %.1f s (%,d training images in %s, %,d test images in %s), RSS %.2f"
            + " GB%n",
        indexSeconds,
        info.trainSize(),
        prepared.train().getClass().getSimpleName(),
        info.testSize(),
        prepared.test().getClass().getSimpleName(),
        memory.rssGb());

    InputShape input = new InputShape(64, 64, algebra.equals("quaternion") ? 4 : 3);
    ImageEncoder encoder = new ImageEncoder(info.shape(), input, info.mean(), info.std());
    var augment = Augmentation.of(s.dataset().engine().augment());
    long seed = s.seed();
    long want = Math.min(images, info.trainSize());
    long done = 0;
    long t1 = System.nanoTime();
    long report = 50_000;
    try (BatchStream stream =
        new BatchStream(
            prepared.train(),
            encoder,
            augment,
            info.classes(),
            batch,
            new SplittableRandom(Seeds.derive(seed, "order", 0, 0)),
            new SplittableRandom(Seeds.derive(seed, "augment", 0, 0)),
            0)) {
      while (done < want && stream.hasNext()) {
        Batch b = stream.next();
        done += b.size();
        b.features().close();
        b.labels().close();
        if (done >= report) {
          System.out.printf(
              Locale.ROOT,
              "  %,9d images: %,8.0f images/s, RSS %.2f GB%n",
              done,
              done / ((System.nanoTime() - t1) / 1e9),
              memory.rssGb());
          report += 50_000;
        }
      }
    }
    double pipelineRate = done / ((System.nanoTime() - t1) / 1e9);
    System.out.printf(
        Locale.ROOT,
        "pipeline:              %,10.0f images/s (%,d images, crop 8 + flip + published"
            + " normalisation, %d channels)%n",
        pipelineRate,
        done,
        input.channels());
    double pipelinePeak = memory.peakGb();

    String consumer;
    if (consumerRate > 0) {
      consumer = "given with --consumer-rate";
    } else if (haveModel) {
      consumerRate = trainRate(s, prepared, encoder, augment, batch, modelSteps);
      consumer =
          model + " training, " + modelSteps + " steps of " + batch + " after 2 warm-up steps";
    } else {
      consumer = null;
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "pipeline / raw read:   %.2f%n", pipelineRate / diskRate);
    if (consumer != null) {
      System.out.printf(
          Locale.ROOT, "consumer:              %,10.1f images/s (%s)%n", consumerRate, consumer);
      System.out.printf(
          Locale.ROOT,
          "pipeline / consumer:   %.1fx (needs >= 3x: %s)%n",
          pipelineRate / consumerRate,
          pipelineRate >= 3 * consumerRate ? "yes" : "NO");
    } else {
      System.out.println(
          "consumer:              "
              + model
              + " is not registered yet: rerun with --model "
              + model
              + " once it is, or give its rate with --consumer-rate IMAGES_PER_S");
      System.out.printf(
          Locale.ROOT,
          "pipeline supports:     ResNet-18 training up to %,.0f images/s at 3x headroom%n",
          pipelineRate / 3);
    }
    System.out.printf(
        Locale.ROOT,
        "resident memory:       peak %.2f GB while streaming, peak %.2f GB overall (VmHWM %.2f GB);"
            + " limit 3 GB: %s%n",
        pipelinePeak,
        memory.peakGb(),
        memory.hwmGb(),
        memory.hwmGb() < 3 ? "under" : "OVER");
  }

  /** Images per second of training steps of the workflow's model, fed by the pipeline. */
  static double trainRate(
      WorkflowSettings s,
      DataCache.Prepared prepared,
      ImageEncoder encoder,
      List<org.fraction.engine.data.ImageTransform> augment,
      int batch,
      int steps)
      throws IOException {
    var optimizer = s.training().optimizer().create();
    BuiltNetwork net =
        NetworkFactory.build(
            s.model().create(),
            prepared.info(),
            s.model().engine().algebra(),
            optimizer,
            new FixedSchedule(optimizer.learningRate()),
            s.seed());
    ComputationGraph graph = net.graph();
    long images = 0;
    long start = 0;
    try (BatchStream stream =
        new BatchStream(
            prepared.train(),
            encoder,
            augment,
            prepared.info().classes(),
            batch,
            new SplittableRandom(1),
            new SplittableRandom(2),
            0)) {
      for (int i = 0; i < steps + 2 && stream.hasNext(); i++) {
        if (i == 2) {
          start = System.nanoTime();
        }
        Batch b = stream.next();
        graph.fit(new DataSet(b.features(), b.labels()));
        if (i >= 2) {
          images += b.size();
        }
      }
    }
    return images / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * Reads up to {@code bytes} from the training batch files in order; returns {bytes read,
   * nanoseconds}.
   */
  static long[] readRaw(Path dir, long bytes) throws IOException {
    byte[] buffer = new byte[1 << 20];
    long read = 0;
    long t = System.nanoTime();
    List<Path> files = new ArrayList<>();
    for (int b = 1; b <= 10; b++) {
      Path p = dir.resolve("train_data_batch_" + b);
      files.add(Files.exists(p) ? p : dir.resolve("train_data_batch_" + b + ".npz"));
    }
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        int n;
        while (read < bytes && (n = in.read(buffer)) > 0) {
          read += n;
        }
      }
      if (read >= bytes) {
        break;
      }
    }
    return new long[] {read, System.nanoTime() - t};
  }

  /** Samples the process's resident memory. */
  static final class Memory {
    final AtomicLong peak = new AtomicLong();

    static Memory start() {
      Memory m = new Memory();
      Thread t =
          new Thread(
              () -> {
                while (true) {
                  m.peak.accumulateAndGet(m.status("VmRSS:"), Math::max);
                  try {
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "rss-sampler");
      t.setDaemon(true);
      t.start();
      return m;
    }

    long status(String key) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith(key)) {
            return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024;
          }
        }
      } catch (IOException e) {
        // not on Linux
      }
      return 0;
    }

    double rssGb() {
      long now = status("VmRSS:");
      peak.accumulateAndGet(now, Math::max);
      return now / 1e9;
    }

    double peakGb() {
      return Math.max(peak.get(), status("VmRSS:")) / 1e9;
    }

    double hwmGb() {
      return status("VmHWM:") / 1e9;
    }
  }
}

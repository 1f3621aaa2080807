package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fraction.engine.store.RoundData;
import org.fraction.engine.store.RoundFiles;
import org.fraction.plugins.datasets.testing.DataFiles;
import org.fraction.plugins.datasets.testing.DataFiles.Numpy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflows train the papers' models one epoch on small file sets in the official formats, through
 * the command line.
 */
class ColourDataTrainingTest {

  @TempDir Path dir;

  private RoundData trainOneEpoch(String name, String dataset, String model, int batch)
      throws IOException {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(
        f,
        """
        name: %s
        seed: 3
        dataset: %s
        model: {type: %s}
        training: {epochs: 1, batch-size: %d, optimizer: {type: sgd, lr: 0.01, momentum: 0.9}}
        """
            .formatted(name, dataset, model, batch));
    Path runs = dir.resolve("runs");
    CliRun r = CliRun.of("run", f.toString(), "--out", runs.toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    try (var trials = Files.list(runs.resolve(name))) {
      Path trial = trials.filter(Files::isDirectory).findFirst().orElseThrow();
      return RoundFiles.read(trial.resolve("round-0.h5"));
    }
  }

  private static void trainedOneEpoch(RoundData round, long trainImages, int batch) {
    assertThat(round.number("epochs")).isEqualTo(1);
    assertThat(round.number("iterations")).isEqualTo((trainImages + batch - 1) / batch);
    assertThat(round.number("test_accuracy")).isBetween(0.0, 1.0);
    assertThat(round.number("train_loss")).isFinite();
  }

  @Test
  void trainsConv2OnCifar10() throws IOException {
    Path data = DataFiles.cifar10(dir, 8, 6);
    RoundData round =
        trainOneEpoch(
            "cifar10",
            "{type: cifar-10, path: "
                + data
                + ", normalize: published, augment: {crop-padding: 4, flip: true}}",
            "conv-2",
            8);
    trainedOneEpoch(round, 40, 8);
  }

  @Test
  void trainsResNet18OnCifar100() throws IOException {
    DataFiles.cifar100(dir, 24, 6);
    RoundData round =
        trainOneEpoch(
            "cifar100",
            "{type: cifar-100, path: "
                + dir
                + ", normalize: computed, augment: {crop-padding: 4, flip: true}}",
            "resnet-18",
            8);
    trainedOneEpoch(round, 24, 8);
  }

  @Test
  void trainsResNet18OnImageNet64Pickles() throws IOException {
    DataFiles.imagenet64(
        dir.resolve("pickles"), Numpy.V1, "--protocol", "3", "--per-batch", "2", "--val", "4");
    RoundData round =
        trainOneEpoch(
            "imagenet64-pickle",
            "{type: imagenet64, path: "
                + dir.resolve("pickles")
                + ", normalize: published, augment: {crop-padding: 8, flip: true}}",
            "resnet-18",
            8);
    trainedOneEpoch(round, 20, 8);
  }

  @Test
  void trainsResNet18OnImageNet64Npz() throws IOException {
    DataFiles.imagenet64(
        dir.resolve("npz"),
        Numpy.V2,
        "--format",
        "npz-compressed",
        "--per-batch",
        "2",
        "--val",
        "4");
    RoundData round =
        trainOneEpoch(
            "imagenet64-npz",
            "{type: imagenet64, path: " + dir.resolve("npz") + ", normalize: published}",
            "resnet-18",
            8);
    trainedOneEpoch(round, 20, 8);
  }
}

package org.fraction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.fraction.engine.testing.SyntheticDataset;
import org.fraction.engine.testing.SyntheticSettings;
import org.fraction.spi.data.ExampleReader;
import org.fraction.spi.data.Split;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} and {@code predict} from the command line: a trained, pruned round exported and
 * classifying a data set and image files as the round did, and each kind of bad input exiting with
 * code 2 and a message naming it.
 */
class ExportPredictTest {

  @TempDir static Path dir;
  static Path trial;
  static Path model;

  @BeforeAll
  static void trainAndExport() throws IOException {
    Path workflow = dir.resolve("small.yaml");
    Files.writeString(
        workflow,
        """
        name: small
        seed: 4
        dataset: {type: synthetic}
        model: {type: lenet-300-100}
        training: {epochs: 1, batch-size: 32, optimizer: {type: adam, lr: 1.0e-3}}
        pruning: {type: global-magnitude, keep: 0.2, rounds: 1}
        """);
    CliRun run = CliRun.of("run", workflow.toString(), "--out", dir.resolve("runs").toString());
    assertThat(run.code()).as(run.err()).isZero();
    try (var trials = Files.list(dir.resolve("runs").resolve("small"))) {
      trial = trials.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    model = dir.resolve("small.h5");
    CliRun export =
        CliRun.of("export", trial.toString(), "--round", "1", "--out", model.toString());
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.out())
        .contains("wrote " + model)
        .contains("lenet-300-100, real, trial " + trial.getFileName() + " round 1")
        .contains("fc1")
        .contains("20.00%");
  }

  @Test
  void predictsTheDataSetAsTheRoundDid() {
    CliRun results = CliRun.of("results", trial.toString(), "--format", "csv");
    String round1 =
        Arrays.stream(results.out().split("\n"))
            .filter(l -> l.contains(",real,1,"))
            .findFirst()
            .orElseThrow();
    String accuracy = round1.split(",")[7];
    CliRun predict = CliRun.of("predict", model.toString(), "--input", "synthetic", "--summary");
    assertThat(predict.code()).as(predict.err()).isZero();
    double got = Double.parseDouble(predict.out().split("\n")[0].split(" ")[1]);
    assertThat(got)
        .isCloseTo(Double.parseDouble(accuracy), org.assertj.core.data.Offset.offset(5e-5));
    assertThat(predict.out()).contains("of 128 labelled images").contains("128 images in");
  }

  @Test
  void predictsImageFilesAsTheDataSetsImages() throws IOException {
    Path images = dir.resolve("images");
    Files.createDirectories(images);
    SyntheticDataset data =
        new SyntheticDataset(
            new SyntheticSettings(null, null, null, null, null, null, null, null, null));
    byte[] pixels = new byte[64];
    try (ExampleReader reader = data.shards(Split.TEST).get(0).open()) {
      for (int i = 0; i < 5; i++) {
        reader.next(pixels, 0);
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, 8, 8, pixels);
        ImageIO.write(image, "png", images.resolve("image-" + i + ".png").toFile());
      }
    }
    CliRun files = CliRun.of("predict", model.toString(), "--input", images.toString());
    CliRun set =
        CliRun.of("predict", model.toString(), "--input", "synthetic:test", "--limit", "5");
    assertThat(files.code()).as(files.err()).isZero();
    List<String> fromFiles =
        Arrays.stream(files.out().split("\n")).filter(l -> l.contains("image-")).toList();
    List<String> fromSet =
        Arrays.stream(set.out().split("\n")).filter(l -> l.startsWith("synthetic:test#")).toList();
    assertThat(fromFiles).hasSize(5);
    for (int i = 0; i < 5; i++) {
      String[] f = fromFiles.get(i).split(",");
      String[] s = fromSet.get(i).split(",");
      assertThat(f[0]).endsWith("image-" + i + ".png");
      assertThat(f[1]).isEmpty(); // no label
      assertThat(f[2]).as("image %d", i).isEqualTo(s[2]);
      assertThat(f[3]).isEqualTo(s[3]);
    }
    assertThat(files.out()).doesNotContain("accuracy");
  }

  @Test
  void aRoundThatDoesNotExist() {
    CliRun r =
        CliRun.of(
            "export", trial.toString(), "--round", "7", "--out", dir.resolve("x.h5").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo("fraction: " + trial + ": has no round 7; its finished rounds are 0, 1\n");
    assertThat(dir.resolve("x.h5")).doesNotExist();
    CliRun runDir =
        CliRun.of("export", trial.getParent().toString(), "--out", dir.resolve("x.h5").toString());
    assertThat(runDir.code()).isEqualTo(2);
    assertThat(runDir.err())
        .contains("is a run directory; export one of its trials, e.g. " + trial);
  }

  @Test
  void aCorruptedModelFile() throws IOException {
    byte[] bytes = Files.readAllBytes(model);
    Path truncated = dir.resolve("truncated.h5");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 3));
    CliRun r = CliRun.of("predict", truncated.toString(), "--input", "synthetic");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("fraction: " + truncated + ": damaged or not a Fraction model file")
        .doesNotContain("\tat ");
    Path roundFile = trial.resolve("round-1.h5");
    CliRun notAModel = CliRun.of("predict", roundFile.toString(), "--input", "synthetic");
    assertThat(notAModel.code()).isEqualTo(2);
    assertThat(notAModel.err())
        .contains(
            roundFile + ": not a Fraction model file (its format attribute is fraction-round");
  }

  @Test
  void imagesOfTheWrongSize() throws IOException {
    Path wrong = dir.resolve("wrong.png");
    ImageIO.write(new BufferedImage(9, 8, BufferedImage.TYPE_BYTE_GRAY), "png", wrong.toFile());
    CliRun r = CliRun.of("predict", model.toString(), "--input", wrong.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "fraction: "
                + wrong
                + ": is 9x8 pixels (width x height); the model takes 8x8 images (8x8x1)\n");
    Path text = dir.resolve("notes.png");
    Files.writeString(text, "not an image");
    CliRun notImage = CliRun.of("predict", model.toString(), "--input", text.toString());
    assertThat(notImage.code()).isEqualTo(2);
    assertThat(notImage.err()).contains(text + ": is not an image this reader knows");
    CliRun mnist = CliRun.of("predict", model.toString(), "--input", "mnist");
    assertThat(mnist.code()).isEqualTo(2);
    assertThat(mnist.err())
        .startsWith("fraction: --input mnist: its images are ")
        .contains("the model takes 8x8x1 images")
        .doesNotContain("\tat ");
    CliRun otherData = CliRun.of("predict", model.toString(), "--input", "synthetic-rgb");
    assertThat(otherData.code()).isEqualTo(2);
    assertThat(otherData.err())
        .contains("--input synthetic-rgb: no such file or directory, and not a data set");
  }
}

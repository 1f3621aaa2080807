package org.fraction.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fraction.spi.data.ExampleReader;
import org.fraction.spi.data.Shard;
import org.fraction.spi.model.InputShape;
import org.junit.jupiter.api.Test;

class BatchStreamTest {

  private static final InputShape SHAPE = new InputShape(4, 4, 3);

  private static ExampleSet images(int count) throws Exception {
    Shard shard =
        new Shard() {
          @Override
          public String name() {
            return "s";
          }

          @Override
          public long size() {
            return count;
          }

          @Override
          public ExampleReader open() {
            return new ExampleReader() {
              int n;

              @Override
              public int next(byte[] pixels, int offset) {
                if (n >= count) {
                  return -1;
                }
                for (int i = 0; i < SHAPE.pixels(); i++) {
                  pixels[offset + i] = (byte) (n * 7 + i);
                }
                return n++ % 2;
              }

              @Override
              public void close() {}
            };
          }
        };
    return InMemoryExamples.load(List.of(shard), SHAPE.pixels(), 2);
  }

  private static List<float[]> features(
      ExampleSet set, List<ImageTransform> augment, SplittableRandom random) {
    List<float[]> out = new ArrayList<>();
    ImageEncoder encoder = new ImageEncoder(SHAPE, SHAPE.withChannels(4), null, null);
    try (BatchStream s = new BatchStream(set, encoder, augment, 2, 4, null, random, 0)) {
      while (s.hasNext()) {
        out.add(s.next().features().data().asFloat());
      }
    }
    return out;
  }

  @Test
  void augmentsOnlyWhenGivenAGeneratorAsTrainingDoesAndEvaluationDoesNot() throws Exception {
    ExampleSet set = images(10);
    List<ImageTransform> augment = List.of(new HorizontalFlip(), new RandomCrop(1));
    List<float[]> plain = features(set, List.of(), null);
    List<float[]> evaluation = features(set, augment, null);
    List<float[]> training = features(set, augment, new SplittableRandom(3));
    List<float[]> again = features(set, augment, new SplittableRandom(3));
    assertThat(evaluation).usingRecursiveComparison().isEqualTo(plain);
    assertThat(training).usingRecursiveComparison().isNotEqualTo(plain);
    assertThat(again).usingRecursiveComparison().isEqualTo(training);
  }

  @Test
  void theGreyChannelOfAnAugmentedImageIsComputedFromItsAugmentedColours() throws Exception {
    ExampleSet set = images(4);
    float[] batch =
        features(set, List.of(new RandomCrop(2), new HorizontalFlip()), new SplittableRandom(8))
            .get(0);
    int plane = 16;
    for (int img = 0; img < 4; img++) {
      int o = img * 4 * plane;
      for (int p = 0; p < plane; p++) {
        float grey =
            0.299f * batch[o + p]
                + 0.587f * batch[o + plane + p]
                + 0.114f * batch[o + 2 * plane + p];
        assertThat(batch[o + 3 * plane + p])
            .isCloseTo(grey, org.assertj.core.data.Offset.offset(1e-6f));
      }
    }
  }
}

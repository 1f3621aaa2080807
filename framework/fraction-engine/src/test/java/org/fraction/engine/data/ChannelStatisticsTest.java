package org.fraction.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.fraction.spi.data.ExampleReader;
import org.fraction.spi.data.Shard;
import org.fraction.spi.model.InputShape;
import org.junit.jupiter.api.Test;

class ChannelStatisticsTest {

  @Test
  void meanAndStdPerChannelInUnitScale() throws Exception {
    // Two 1x2 RGB images: R = {0, 255, 0, 255}, G = 51 everywhere, B = {10, 20, 30, 40}.
    byte[][] images = {{0, (byte) 255, 51, 51, 10, 20}, {0, (byte) 255, 51, 51, 30, 40}};
    Shard shard =
        new Shard() {
          @Override
          public String name() {
            return "s";
          }

          @Override
          public long size() {
            return 2;
          }

          @Override
          public ExampleReader open() {
            return new ExampleReader() {
              int n;

              @Override
              public int next(byte[] pixels, int offset) {
                if (n >= 2) {
                  return -1;
                }
                System.arraycopy(images[n++], 0, pixels, offset, 6);
                return 0;
              }

              @Override
              public void close() {}
            };
          }
        };
    ExampleSet set = InMemoryExamples.load(List.of(shard), 6, 1);
    ChannelStatistics s = ChannelStatistics.compute(set, new InputShape(1, 2, 3));
    assertThat(s.mean()).containsExactly(new double[] {0.5, 0.2, 25 / 255.0}, offset(1e-12));
    assertThat(s.std()[0]).isCloseTo(0.5, offset(1e-12));
    assertThat(s.std()[1]).isCloseTo(1e-6, offset(1e-12));
    assertThat(s.std()[2]).isCloseTo(Math.sqrt(125) / 255, offset(1e-12));
  }
}

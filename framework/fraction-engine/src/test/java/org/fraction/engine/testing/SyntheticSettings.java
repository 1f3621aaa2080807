package org.fraction.engine.testing;

import org.fraction.spi.settings.Check;

/** Settings of the test-only {@code synthetic} data set. */
public record SyntheticSettings(
    Integer height,
    Integer width,
    Integer channels,
    Integer classes,
    Integer train,
    Integer test,
    Integer noise,
    Integer shards,
    Long seed) {

  public SyntheticSettings {
    height = Check.positive("height", Check.orDefault(height, 8));
    width = Check.positive("width", Check.orDefault(width, 8));
    channels = Check.positive("channels", Check.orDefault(channels, 1));
    classes = Check.positive("classes", Check.orDefault(classes, 4));
    train = Check.positive("train", Check.orDefault(train, 512));
    test = Check.positive("test", Check.orDefault(test, 128));
    noise = Check.nonNegative("noise", Check.orDefault(noise, 40));
    shards = Check.positive("shards", Check.orDefault(shards, 1));
    seed = Check.orDefault(seed, 7L);
  }
}

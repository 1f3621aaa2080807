package org.fraction.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small workflows on the test plugins: two trials (a matrix over the seed). */
final class Workflows {

  private Workflows() {}

  /**
   * @param train training examples of the synthetic data set (size sets the run time)
   * @param events where the recording tracker writes
   */
  static Path twoTrials(Path dir, String name, int train, int epochs, int rounds, Path events)
      throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
name: %s
seed: 11
dataset: {type: synthetic, height: 16, width: 16, classes: 10, train: %d, test: 500, noise: 250}
model: {type: tiny-mlp, hidden: 64}
training: {epochs: %d, batch-size: 50, optimizer: {type: momentum, lr: 0.02, weight-decay: 0.001}}
pruning: {type: smallest-first, keep: 0.6, rounds: %d}
matrix:
  seed: [11, 12]
tracking:
  recording: {dir: '%s'}
"""
            .formatted(name, train, epochs, rounds, events));
    return file;
  }
}

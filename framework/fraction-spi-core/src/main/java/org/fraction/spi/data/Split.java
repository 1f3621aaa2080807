package org.fraction.spi.data;

/** The part of a data set: training images, or the held-out test images. */
public enum Split {
  TRAIN,
  TEST
}

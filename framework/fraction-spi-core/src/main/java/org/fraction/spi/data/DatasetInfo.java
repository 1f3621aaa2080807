package org.fraction.spi.data;

import org.fraction.spi.model.InputShape;

/**
 * What is known about a data set without reading it.
 *
 * @param name the type name, e.g. {@code mnist}
 * @param shape image shape, HxWxC
 * @param classes number of classes; labels are 0..classes-1
 * @param trainSize images in the training split
 * @param testSize images in the test split
 * @param mean published per-channel mean of the training images in [0, 1], or null if none
 * @param std published per-channel standard deviation in [0, 1], or null if none
 */
public record DatasetInfo(
    String name,
    InputShape shape,
    int classes,
    long trainSize,
    long testSize,
    double[] mean,
    double[] std) {

  public long size(Split split) {
    return split == Split.TRAIN ? trainSize : testSize;
  }
}

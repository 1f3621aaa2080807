package org.fraction.plugins.datasets;

import java.util.List;

/**
 * The binary releases of CIFAR-10 and CIFAR-100 (Krizhevsky 2009): where the archive is, its
 * published MD5, the folder it unpacks to, the files in it, and the record layout. A record is
 * {@code labelBytes} label bytes then 3072 pixel bytes: the 32x32 R plane, then G, then B.
 */
enum CifarSource {
  CIFAR_10(
      "cifar-10",
      "cifar-10-binary.tar.gz",
      "c32a1d4ab5d03f1284b67883e8d87530",
      "cifar-10-batches-bin",
      List.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin"),
      "test_batch.bin",
      1,
      50_000,
      10_000,
      new double[] {0.4914, 0.4822, 0.4465},
      new double[] {0.2470, 0.2435, 0.2616}),
  CIFAR_100(
      "cifar-100",
      "cifar-100-binary.tar.gz",
      "03b5dce01913d631647c71ecec9e9cb8",
      "cifar-100-binary",
      List.of("train.bin"),
      "test.bin",
      2,
      50_000,
      10_000,
      new double[] {0.5071, 0.4865, 0.4409},
      new double[] {0.2673, 0.2564, 0.2762});

  static final String SITE = "https://www.cs.toronto.edu/~kriz/";
  static final int PIXELS = 32 * 32 * 3;

  final String name;
  final String archive;
  final String md5;
  final String folder;
  final List<String> trainFiles;
  final String testFile;
  final int labelBytes;
  final long trainSize;
  final long testSize;
  final double[] mean;
  final double[] std;

  CifarSource(
      String name,
      String archive,
      String md5,
      String folder,
      List<String> trainFiles,
      String testFile,
      int labelBytes,
      long trainSize,
      long testSize,
      double[] mean,
      double[] std) {
    this.name = name;
    this.archive = archive;
    this.md5 = md5;
    this.folder = folder;
    this.trainFiles = trainFiles;
    this.testFile = testFile;
    this.labelBytes = labelBytes;
    this.trainSize = trainSize;
    this.testSize = testSize;
    this.mean = mean;
    this.std = std;
  }

  int recordBytes() {
    return labelBytes + PIXELS;
  }

  List<String> files() {
    return java.util.stream.Stream.concat(trainFiles.stream(), java.util.stream.Stream.of(testFile))
        .toList();
  }
}

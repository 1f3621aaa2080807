package org.fraction.inference;

/**
 * The shape of one image's activations at some node: an image tensor {@code [channels, height,
 * width]}, or a feature vector of {@code channels} values ({@code features}, height and width 1). A
 * batch of image tensors is held image after image (NCHW); a batch of feature vectors feature after
 * feature ({@code [features, batch]}), so that dense layers work on whole rows of the batch.
 */
public record Shape(int channels, int height, int width, boolean features) {

  public static Shape image(int channels, int height, int width) {
    return new Shape(channels, height, width, false);
  }

  public static Shape features(int n) {
    return new Shape(n, 1, 1, true);
  }

  /** Values per image. */
  public int size() {
    return channels * height * width;
  }

  public int plane() {
    return height * width;
  }

  @Override
  public String toString() {
    return features ? "[" + channels + "]" : "[" + channels + ", " + height + ", " + width + "]";
  }
}

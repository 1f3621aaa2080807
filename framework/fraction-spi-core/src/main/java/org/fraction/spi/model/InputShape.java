package org.fraction.spi.model;

/** The shape of one image, height x width x channels (the command line's {@code HxWxC}). */
public record InputShape(int height, int width, int channels) {

  public InputShape {
    if (height <= 0 || width <= 0 || channels <= 0) {
      throw new IllegalArgumentException(
          "input shape must be positive, got " + height + "x" + width + "x" + channels);
    }
  }

  public static InputShape parse(String text) {
    String[] parts = text.trim().toLowerCase().split("x");
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "input shape must be HxWxC, e.g. 32x32x3, got '" + text + "'");
    }
    try {
      return new InputShape(
          Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "input shape must be HxWxC, e.g. 32x32x3, got '" + text + "'");
    }
  }

  public InputShape withChannels(int c) {
    return new InputShape(height, width, c);
  }

  public int pixels() {
    return height * width * channels;
  }

  @Override
  public String toString() {
    return height + "x" + width + "x" + channels;
  }
}

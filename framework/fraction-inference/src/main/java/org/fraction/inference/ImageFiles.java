package org.fraction.inference;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads image files (anything {@code javax.imageio} reads: PNG, JPEG, BMP, GIF) as the 8-bit planar
 * images a model takes. Images must have the model's height and width; they are not resized. A grey
 * image's values are taken as they are (16-bit ones scaled to 8 bits); a colour image fed to a
 * model of grey images becomes its ITU-R BT.601 grey value, a grey image fed to a colour model is
 * repeated into R, G and B. Alpha is ignored.
 */
public final class ImageFiles {

  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

  private ImageFiles() {}

  /** The files a path names: itself, or the image files directly in a directory, sorted by name. */
  public static List<Path> list(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> files = Files.list(path)) {
      List<Path> out =
          new ArrayList<>(
              files
                  .filter(
                      f ->
                          Files.isRegularFile(f)
                              && EXTENSIONS.stream()
                                  .anyMatch(
                                      e ->
                                          f.getFileName()
                                              .toString()
                                              .toLowerCase(Locale.ROOT)
                                              .endsWith(e)))
                  .sorted()
                  .toList());
      if (out.isEmpty()) {
        throw new BadImageException(
            path, "holds no image files (" + String.join(", ", EXTENSIONS) + ")");
      }
      return out;
    }
  }

  /**
   * Reads one image into {@code out[offset..]} as {@code input.channels()} planes of height x width
   * bytes.
   */
  public static void read(Path file, InputSpec input, byte[] out, int offset) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new BadImageException(file, "no such image file");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new BadImageException(file, "cannot be read as an image: " + e.getMessage());
    }
    if (image == null) {
      throw new BadImageException(file, "is not an image this reader knows (PNG, JPEG, BMP, GIF)");
    }
    int h = input.height();
    int w = input.width();
    if (image.getHeight() != h || image.getWidth() != w) {
      throw new BadImageException(
          file,
          "is "
              + image.getWidth()
              + "x"
              + image.getHeight()
              + " pixels (width x height); the model takes "
              + w
              + "x"
              + h
              + " images ("
              + input.shape()
              + ")");
    }
    int channels = input.channels();
    if (channels != 1 && channels != 3) {
      throw new BadImageException(
          file, "the model takes " + channels + "-channel images, which image files do not hold");
    }
    boolean grey =
        image.getColorModel().getNumColorComponents() == 1
            && !(image.getColorModel() instanceof IndexColorModel);
    int plane = h * w;
    if (grey) {
      Raster raster = image.getRaster();
      int bits = image.getColorModel().getComponentSize(0);
      double max = (1L << bits) - 1;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int s = raster.getSample(x, y, 0);
          int v = bits == 8 ? s : (int) Math.round(s * 255.0 / max);
          for (int c = 0; c < channels; c++) {
            out[offset + c * plane + y * w + x] = (byte) v;
          }
        }
      }
      return;
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        int at = offset + y * w + x;
        if (channels == 1) {
          out[at] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
        } else {
          out[at] = (byte) r;
          out[at + plane] = (byte) g;
          out[at + 2 * plane] = (byte) b;
        }
      }
    }
  }
}
